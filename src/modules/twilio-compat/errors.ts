/**
 * Errors of the Twilio-compatible API (pure): Twilio's JSON shape `{code, message, more_info,
 * status}` and ONE table mapping our error codes (AppError.code of the send path and the
 * message services) onto Twilio's codes and HTTP statuses. A code not in the table keeps our
 * HTTP status with Twilio's generic code for it.
 */
export interface TwilioErrorBody { code: number; message: string; more_info: string; status: number }

export class TwilioError extends Error {
  constructor(public readonly status: number, public readonly code: number, message: string) {
    super(message);
    this.name = 'TwilioError';
  }
}

export const twilioErrorBody = (e: { status: number; code: number; message: string }): TwilioErrorBody => ({
  code: e.code, message: e.message, more_info: `https://www.twilio.com/docs/errors/${e.code}`, status: e.status,
});
/** An error raised before routing (an address that does not decode, a path segment over the limit) in Twilio's shape. */
export const twilioFrameworkErrorBody = (status: number, message: string): TwilioErrorBody =>
  twilioErrorBody({ status, code: status >= 500 ? 20500 : TW.invalidParam, message });

/** Twilio's codes used by name in this module. */
export const TW = {
  authenticate: 20003,
  notFound: 20404,
  invalidParameter: 21211,
  toRequired: 21604,
  fromRequired: 21603,
  fromNotOurs: 21606,
  bodyRequired: 21602,
  optedOut: 21610,
  notMobile: 21614,
  /** "Permission to send an SMS has not been enabled for the region indicated by the 'To' number". */
  regionNotEnabled: 21408,
  bodyTooLong: 21617,
  invalidMedia: 21620,
  sendAtMissing: 35111,
  sendAtOutOfWindow: 35114,
  serviceRequiredToSchedule: 35118,
  scheduleTypeUnsupported: 35126,
  cannotCancel: 30409,
  cannotDelete: 20009,
  invalidParam: 20001,
  /**
   * "Advanced messaging features are not available in this region": a request with parameters of
   * features this API does not carry out (ContentSid, ShortenUrls…), refused rather than ignored.
   */
  featureUnavailable: 30700,
  rateLimited: 20429,
} as const;

/** Our error code → Twilio's code and HTTP status (every entry is exercised by the table test). */
export const OUR_TO_TWILIO: Record<string, { code: number; status: number }> = {
  invalid_phone: { code: TW.invalidParameter, status: 400 },
  landline_number: { code: TW.notMobile, status: 400 },
  recipient_opted_out: { code: TW.optedOut, status: 400 },
  destination_country_not_allowed: { code: TW.regionNotEnabled, status: 400 },
  empty_body: { code: TW.bodyRequired, status: 400 },
  invalid_characters: { code: TW.bodyRequired, status: 400 },
  body_too_long: { code: TW.bodyTooLong, status: 400 },
  unknown_sender: { code: TW.fromNotOurs, status: 400 },
  no_sender_number: { code: TW.fromNotOurs, status: 400 },
  mms_not_supported: { code: TW.fromNotOurs, status: 400 },
  invalid_media_url: { code: TW.invalidMedia, status: 400 },
  media_fetch_failed: { code: TW.invalidMedia, status: 400 },
  media_too_large: { code: TW.invalidMedia, status: 400 },
  media_url_not_allowed: { code: TW.invalidMedia, status: 400 },
  unsupported_media_type: { code: TW.invalidMedia, status: 400 },
  too_many_media: { code: 21623, status: 400 },
  send_at_in_past: { code: TW.sendAtOutOfWindow, status: 400 },
  send_at_too_far: { code: TW.sendAtOutOfWindow, status: 400 },
  validation_failed: { code: TW.invalidParam, status: 400 },
  not_scheduled: { code: TW.cannotCancel, status: 400 },
  message_in_flight: { code: TW.cannotDelete, status: 400 },
  not_found: { code: TW.notFound, status: 404 },
  unauthenticated: { code: TW.authenticate, status: 401 },
  forbidden: { code: TW.authenticate, status: 403 },
  too_many_requests: { code: TW.rateLimited, status: 429 },
  rate_limited: { code: TW.rateLimited, status: 429 },
};

/** Twilio's answer for one of our errors (its HTTP status and our words; the code from the table). */
export function toTwilioError(ours: { status: number; code: string; message: string }): TwilioError {
  const hit = OUR_TO_TWILIO[ours.code] ?? (ours.code.startsWith('media_') ? OUR_TO_TWILIO.invalid_media_url : undefined);
  if (hit) return new TwilioError(hit.status, hit.code, ours.message);
  if (ours.status === 404) return new TwilioError(404, TW.notFound, ours.message);
  if (ours.status === 401 || ours.status === 403) return new TwilioError(ours.status, TW.authenticate, ours.message);
  if (ours.status === 429) return new TwilioError(429, TW.rateLimited, ours.message);
  return new TwilioError(ours.status >= 500 ? 500 : 400, ours.status >= 500 ? 20500 : TW.invalidParam, ours.message);
}
