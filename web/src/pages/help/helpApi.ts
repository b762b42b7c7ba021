import type { components } from '../../api-types.gen';

type S = components['schemas'];
export type Inquiry = S['Inquiry'];
export type InquiryThread = S['InquiryThread'];
export type InquiryMessage = S['InquiryMessage'];
export type OperatorInquiry = S['OperatorInquiry'];
export type OperatorInquiryThread = S['OperatorInquiryThread'];
export type InquiryKind = Inquiry['kind'];

export const KIND_LABELS: Record<InquiryKind, string> = { inquiry: 'Question', bug: 'Bug report', feedback: 'Feedback' };
export const STATUS_COLORS: Record<Inquiry['status'], string> = { open: 'blue', answered: 'green', closed: 'gray' };
export const STATUS_LABELS: Record<Inquiry['status'], string> = { open: 'Waiting for support', answered: 'Answered', closed: 'Closed' };

const SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/gif'];
export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;

/** Why a chosen file cannot be a screenshot (the server checks the bytes again), or null. */
export function screenshotProblem(file: File | null): string | null {
  if (!file) return null;
  if (!SCREENSHOT_TYPES.includes(file.type)) return 'A screenshot must be a PNG, JPEG or GIF image.';
  if (file.size > MAX_SCREENSHOT_BYTES) return 'A screenshot may be at most 5 MB.';
  if (file.size === 0) return 'The file is empty.';
  return null;
}
