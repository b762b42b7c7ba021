/** Types every carrier kind shares (the kinds' interface is carrier.ts). */
export interface OutboundSms {
  /** Our message id: the idempotency reference a resend after a crash carries again. */
  reference: string;
  /** The account whose connection submits it: its receipts come back for that account only. */
  accountId: string;
  from: string;
  to: string;
  body: string;
  segments: number;
}

export type SendResult =
  | { reference: string; ok: true; providerMessageId: string }
  | {
    reference: string; ok: false; transient: boolean; code: string; message: string;
    /**
     * The carrier definitely did not accept it (refused before the request left, connection
     * refused, a 429/5xx or throttling answer, session not bound): it may go through another
     * connection (failover). Absent: the outcome may be unknown, so it never does.
     */
    notAccepted?: boolean;
  };

export type ReceiptStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';
export interface Receipt {
  /**
   * The account whose connection the receipt arrived on. A carrier's message id means something
   * only there (issue 7, finding 1); per-connection webhooks will supply it (carriers issue).
   */
  accountId: string;
  provider: string;
  providerMessageId: string;
  status: ReceiptStatus;
  errorCode?: string;
}
export interface InboundSms { from: string; to: string; body: string; providerMessageId: string }

export type NumberType = 'long_code' | 'toll_free' | 'short_code';

/** DESIGN: default throughput per sender type, in segments per second. */
export const DEFAULT_MPS: Record<NumberType, number> = { long_code: 1, toll_free: 3, short_code: 100 };
