/**
 * Twilio error codes → our error codes (pure, table-driven). Twilio reports a code on a refused
 * Messages create (HTTP 4xx body `{code, message, more_info, status}`) and on a status callback
 * (`ErrorCode` of an undelivered/failed message). Codes we do not know keep their number.
 */

export interface MappedError {
  /** Our stable error code, recorded on the message. */
  code: string;
  /** Retry later (true) or final (false). Only meaningful for refusals at submission. */
  transient: boolean;
  message: string;
}

interface Entry { code: string; transient?: boolean; message: string }

/** Refusals when creating a message (Messages.json). */
const SUBMIT: Record<number, Entry> = {
  20003: { code: 'auth_failed', transient: true, message: 'Twilio refused the credentials (20003); fix the connection, the message is retried.' },
  20429: { code: 'throttled', transient: true, message: 'Twilio is throttling requests (20429).' },
  21211: { code: 'invalid_recipient', message: 'The "To" number is not a valid phone number (21211).' },
  21408: { code: 'region_not_enabled', message: 'Sending to this region is not enabled on the Twilio account (21408).' },
  21602: { code: 'empty_body', message: 'The message has no body and no media (21602).' },
  21606: { code: 'invalid_sender', message: 'The "From" number is not an SMS-capable number of this Twilio account (21606).' },
  21610: { code: 'recipient_opted_out', message: 'The recipient replied STOP to this sender at the carrier (21610).' },
  21612: { code: 'unreachable_route', message: 'Twilio cannot route from this sender to this recipient (21612).' },
  21614: { code: 'not_mobile', message: 'The "To" number is not a mobile number (21614).' },
  21617: { code: 'body_too_long', message: 'The message body exceeds Twilio\'s 1,600 character limit (21617).' },
  21620: { code: 'invalid_media', message: 'A media URL is invalid (21620).' },
  21623: { code: 'invalid_media', message: 'Too many media URLs (21623).' },
};

/** Delivery errors reported by status callbacks (ErrorCode of undelivered/failed messages). */
const DELIVERY: Record<number, Entry> = {
  30001: { code: 'queue_overflow', message: 'Twilio\'s queue for this sender overflowed (30001).' },
  30002: { code: 'account_suspended', message: 'The Twilio account is suspended (30002).' },
  30003: { code: 'unreachable', message: 'The handset is unreachable (30003).' },
  30004: { code: 'blocked', message: 'The message was blocked (30004).' },
  30005: { code: 'unknown_destination', message: 'Unknown destination handset (30005).' },
  30006: { code: 'landline_or_unreachable_carrier', message: 'Landline or unreachable carrier (30006).' },
  30007: { code: 'carrier_filtered', message: 'Filtered by the carrier (30007).' },
  30008: { code: 'unknown_error', message: 'Unknown delivery error (30008).' },
  30034: { code: 'unregistered_sender', message: 'Sender not registered for A2P 10DLC (30034).' },
};

const generic = (code: number, message?: string): MappedError => ({
  code: `twilio_${code}`, transient: false, message: message?.slice(0, 300) || `Twilio error ${code}.`,
});

/** A refusal of Messages create: Twilio's code, or the HTTP status when the body had none. */
export function mapSubmitError(twilioCode: number | null, httpStatus: number, twilioMessage?: string): MappedError {
  if (httpStatus === 429 || httpStatus >= 500) {
    return { code: httpStatus === 429 ? 'throttled' : 'carrier_unavailable', transient: true, message: `Twilio answered HTTP ${httpStatus}${twilioCode ? ` (${twilioCode})` : ''}.` };
  }
  const e = twilioCode !== null ? SUBMIT[twilioCode] ?? DELIVERY[twilioCode] : undefined;
  if (e) return { code: e.code, transient: e.transient ?? false, message: e.message };
  if (httpStatus === 401) return { ...SUBMIT[20003], transient: true };
  if (twilioCode !== null) return generic(twilioCode, twilioMessage);
  return { code: `http_${httpStatus}`, transient: false, message: `Twilio answered HTTP ${httpStatus} without an error code.` };
}

/** The error code recorded from a status callback's ErrorCode (undefined when there is none). */
export function mapDeliveryError(errorCode: string | undefined | null): string | undefined {
  if (errorCode === undefined || errorCode === null || errorCode === '' || errorCode === '0') return undefined;
  const n = Number(errorCode);
  if (!Number.isInteger(n)) return `twilio_${errorCode.replace(/[^0-9A-Za-z_-]/g, '').slice(0, 20)}`;
  return (DELIVERY[n] ?? SUBMIT[n])?.code ?? `twilio_${n}`;
}

/**
 * A submission whose outcome is unknown: the request body went out but no answer came
 * (timeout, connection dropped). Twilio has no idempotency key, so resending it may text the
 * person twice; it is reported as final, never retried automatically.
 */
export const OUTCOME_UNKNOWN = 'outcome_unknown';

/** Twilio's error body (`{code, message}`), or nothing usable when it is not JSON. */
export function errorBodyOf(body: string): { code: number | null; message?: string } {
  try {
    const j = JSON.parse(body) as { code?: unknown; message?: unknown };
    return { code: typeof j.code === 'number' ? j.code : null, message: typeof j.message === 'string' ? j.message : undefined };
  } catch { return { code: null }; }
}
