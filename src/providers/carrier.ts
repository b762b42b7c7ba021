/**
 * Provider interface v2 (issue 8): what one carrier kind implements, one folder per kind under
 * src/providers/<kind>/. Nothing outside a provider folder knows a carrier's wire format.
 *
 * A *connection* is one account's link to a carrier account (a provider_connections row:
 * kind, name, encrypted credentials, settings). The dispatcher hands batches to a
 * `CarrierConnection`; webhooks arrive at a per-connection URL and are parsed **and verified**
 * by the kind's `parseWebhook`; long-lived sessions (SMPP) report through a `CarrierSink`.
 *
 * The simulator is a kind like the others (src/providers/simulator/: a Twilio-shaped server of its
 * own and a thin client); provider.ts keeps only the types every kind shares.
 */
import type { InboundSms, NumberType, OutboundSms, Receipt, SendResult } from './provider.js';

export type CarrierKind = 'twilio' | 'smpp' | 'simulator';

/** What a connection needs to talk to its carrier; credentials are decrypted only in memory. */
export interface ConnectionContext {
  connectionId: string;
  accountId: string;
  kind: CarrierKind;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
  /** Absolute public URLs of this connection's webhooks (under PUBLIC_URL). */
  webhookUrls: { status: string; inbound: string };
  /**
   * When set, the resolver every socket to the carrier's host must use (net.connect / http.Agent
   * `lookup`): it refuses private and loopback addresses (the account chose the host, the operator
   * did not allow it). Unset: resolve as usual.
   */
  lookup?: (hostname: string, options: object, callback: (...args: never[]) => void) => void;
}

/** An outbound message as a connection submits it (v1 fields plus MMS and a status callback). */
export interface CarrierMessage extends OutboundSms {
  /** GSM-7 or UCS-2, as our encoder decided (SMPP picks data_coding from it). */
  encoding?: 'GSM-7' | 'UCS-2';
  /** Public, unguessable, expiring URLs of media we store (MMS). */
  mediaUrls?: string[];
}

export interface InboundMedia { url: string; contentType: string | null }
export interface CarrierInbound extends InboundSms {
  accountId: string;
  connectionId: string;
  media?: InboundMedia[];
}

/** Where a connection hands what the carrier reports (receipts, inbound texts). */
export interface CarrierSink {
  /**
   * Applies receipts (a throw refuses them: the carrier delivers them again). `unmatched`: how many
   * named no message (nor part of one) yet — parked for a send not recorded yet, else unknown ids.
   */
  receipts(receipts: Array<Receipt & { connectionId: string; answered?: boolean }>): Promise<void | { unmatched: number }>;
  inbound(messages: CarrierInbound[]): Promise<void>;
  /**
   * Session state (SMPP): the session is bound (`up`) or went down / could not bind, with the
   * reason (auth_failed, unreachable, …). Feeds the connection's status and failover; cheap to call often.
   */
  session?(state: { up: true } | { up: false; code: string; message: string }): void;
}

export interface CarrierNumber { phoneNumber: string; providerRef: string; type?: NumberType; mms?: boolean }

/**
 * The dispatcher's hold on a batch while it is submitted: `live(reference)` turns false once the batch's claims may have
 * run out (another worker may take them over and submit them). A connection calls it right before it submits a message
 * (each part of one), nothing awaited between that call and the submission, and submits it only on true: a true answer
 * counts that message as possibly at the carrier, and the dispatcher drops a message from its hand-over journal only if
 * no call for it answered true (the next call then answers false for good). A message whose submission has not started
 * by then is not submitted: its result is a transient `lease_lost` failure, `notAccepted` (nothing of it left).
 *
 * `journal(references)`: a connection that submits a batch one window at a time (its kind's `submitWindow`) calls it with
 * each window's references before it submits the first of them, and submits none of them before the answer settles: null
 * when they are journaled already (go at once), else a promise — resolved, they are journaled (they may go); rejected,
 * none of them is submitted (each a `lease_lost` result, as above). A hard kill then leaves in the dispatcher's hand-over
 * journal only the windows whose submissions may have started, not the whole batch.
 */
export interface SendOptions { live?: (reference: string) => boolean; journal?: (references: string[]) => Promise<void> | null }

/** The result code of a message not submitted because its batch's claims may have run out (SendOptions.live). */
export const LEASE_LOST = 'lease_lost';

/** The result of a message not submitted because its batch's claims may have run out. */
export const leaseLost = (reference: string) => ({
  reference, ok: false as const, transient: true, code: LEASE_LOST, notAccepted: true,
  message: 'Not submitted: the batch\'s claim may have run out (another worker may have taken it over).',
});

/** The live link to one carrier account. */
export interface CarrierConnection {
  readonly kind: CarrierKind;
  readonly capabilities: { mms: boolean; provision: boolean; sessions: boolean };
  /** Checks the credentials and reachability (run when a connection is saved). */
  test(): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
  /** Submits a batch; one result per message, in any order. Never throws for a single bad message. Submits nothing once `opts.live()` is false. */
  send(batch: CarrierMessage[], opts?: SendOptions): Promise<SendResult[]>;
  /** Long-lived sessions (SMPP bind, reconnect with backoff) start reporting into the sink. */
  start?(sink: CarrierSink): Promise<void>;
  stop?(): Promise<void>;
  /** Bad input the session met so far (malformed PDUs, receipts naming ids nothing knows), counted and survived: the worker logs increases. */
  badInput?(): { malformedPdus: number; unknownReceipts: number };
  /**
   * Sessions (SMPP): when the carrier last answered a submission (ms since the epoch, 0 never).
   * Receipts that outrun their batch's recording wait for it while the carrier keeps answering;
   * a receipt whose submission the carrier had already answered says so (`answered` in the sink),
   * and may wait for its recording however the carrier goes on (nothing at the carrier waits for it).
   */
  lastAnswerAt?(): number;
  listNumbers?(): Promise<CarrierNumber[]>;
  provisionNumber?(opts: { type: NumberType; country: string }): Promise<CarrierNumber>;
  releaseNumber?(providerRef: string): Promise<void>;
  /**
   * Carriers with a test facility (the simulator): a customer's text, delivered by the carrier as
   * it delivers any (a signed inbound webhook); answers its id and what our webhook answered.
   */
  simulateInbound?(m: { from: string; to: string; body: string; providerMessageId?: string }): Promise<{ providerMessageId: string; status: number; body: string }>;
}

/** A webhook request as it arrived, before any parsing: verification needs the raw parts. */
export interface WebhookRequest {
  /** The full URL the carrier called, as it would have signed it (PUBLIC_URL-based behind a proxy). */
  url: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export type WebhookEvent =
  | { kind: 'receipt'; receipt: Receipt & { connectionId: string } }
  | { kind: 'inbound'; message: CarrierInbound };

/** Thrown by parseWebhook for a forged, altered or replayed request: the route answers 403 and stores nothing. */
export class WebhookRejected extends Error {
  constructor(public readonly reason: 'bad_signature' | 'missing_signature' | 'stale' | 'malformed', message: string) {
    super(message);
    this.name = 'WebhookRejected';
  }
}

/** One carrier kind: makes connections, and parses + verifies its webhooks. */
export interface CarrierKindImpl {
  readonly kind: CarrierKind;
  /** What every connection of the kind can carry, known without connecting (a send is refused up front otherwise). */
  readonly capabilities?: { mms: boolean };
  /**
   * The error codes this kind records on a message a carrier filtered (spam/content filtering), as
   * SQL LIKE patterns: campaign guardrails count them without knowing any carrier's codes.
   */
  readonly filteredErrorCodes?: readonly string[];
  /**
   * Headers to fetch an inbound medium with (e.g. the carrier's Basic auth), for URLs on the
   * carrier's own API host only; undefined for any other URL.
   */
  mediaFetchHeaders?(ctx: ConnectionContext, url: string): Record<string, string> | undefined;
  /**
   * Kinds without an idempotency key (the dispatcher journals their hand-overs: at most once) that let a connection choose
   * at-least-once instead: true when these settings resend a submission whose outcome is unknown (then no journal).
   */
  resendsUnknownOutcome?(settings: Record<string, unknown>): boolean;
  /**
   * Kinds whose connections submit a batch one window at a time (Twilio: `concurrency` POSTs in flight) and ask
   * SendOptions.journal before each window: how many messages a window of a connection with these settings holds. The
   * dispatcher journals only the first window before the hand-over. Without it, the whole batch is journaled at once.
   */
  submitWindow?(settings: Record<string, unknown>): number;
  /**
   * Kinds whose carrier account we create ourselves (the simulator: a sub-account per connection):
   * called before a new connection is stored; answers the credentials to store.
   */
  enroll?(ctx: ConnectionContext): Promise<Record<string, string>>;
  connect(ctx: ConnectionContext): CarrierConnection;
  /** Verifies the request came from the carrier (throws WebhookRejected) and turns it into events. */
  parseWebhook?(req: WebhookRequest, ctx: ConnectionContext, which: 'status' | 'inbound'): WebhookEvent[];
}
