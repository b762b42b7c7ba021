import type { components } from '../../api-types.gen';
import type { ConsentState } from '../contacts/contactTypes';

export type NumberType = 'long_code' | 'toll_free' | 'short_code';
export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

export interface PhoneNumber {
  id: string;
  phoneNumber: string;
  provider: string;
  type: NumberType;
  mps: number;
  keywordReplies: Partial<Record<KeywordKind, string>>;
  customKeywords: Array<{ word: string; kind: KeywordKind | 'custom'; reply?: string }>;
  /** Where inbound texts are posted in Twilio's form (null: nowhere). */
  twilioSmsUrl?: string | null;
  /** provisioned: bought through West Message; attached: the carrier account's own. */
  origin?: 'provisioned' | 'attached';
  createdAt?: string;
}

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'closed';

export type MessageStatus =
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'received';

/** A conversation as the API answers it (generated from the OpenAPI document). */
export type Conversation = components['schemas']['Conversation'];

/** One file of an MMS; `url` opens it for the signed-in user. `error`: an inbound file that could not be fetched. */
export interface MessageMedia {
  id: string | null;
  contentType: string;
  size: number;
  url: string | null;
  error: string | null;
}

export interface Message {
  id: string;
  conversationId: string | null;
  contactId: string | null;
  direction: 'inbound' | 'outbound';
  kind: 'conversational' | 'marketing' | 'keyword_reply';
  from: string;
  to: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage: string | null;
  keyword: { kind: KeywordKind | 'custom'; word: string } | null;
  sendAt?: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  media?: MessageMedia[];
}

export interface BodyPreview {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  units: number;
  remaining: number;
  body: string;
}
