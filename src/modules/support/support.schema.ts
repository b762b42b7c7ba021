import { z } from 'zod';

export const INQUIRY_KINDS = ['inquiry', 'bug', 'feedback'] as const;
export const INQUIRY_STATUSES = ['open', 'answered', 'closed'] as const;
/** A screenshot: PNG, JPEG or GIF (recognised from the bytes), at most 5 MB, at most 3 on one message. */
export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;
export const MAX_SCREENSHOTS_PER_MESSAGE = 3;

const Body = z.string().trim().min(1).max(10_000);

export const NewInquiryBody = z.object({
  kind: z.enum(INQUIRY_KINDS).meta({ description: 'inquiry (a question), bug (something broken) or feedback' }),
  subject: z.string().trim().min(1).max(200),
  body: Body,
}).strict();

export const InquiryReplyBody = z.object({ body: Body }).strict();

export const OperatorReplyBody = z.object({
  body: Body,
  close: z.boolean().optional().meta({ description: 'Close the inquiry with this reply' }),
}).strict();

export const OperatorStatusBody = z.object({ status: z.enum(INQUIRY_STATUSES) }).strict();

export const InquiryIdParams = z.object({ id: z.string().min(1).max(100) });
export const ScreenshotParams = z.object({ id: z.string().min(1).max(100), screenshotId: z.string().min(1).max(100) });

export const ScreenshotOut = z.object({
  id: z.string(), contentType: z.string(), size: z.number().int(), filename: z.string().nullable(),
  url: z.string().meta({ description: 'Fetches the image (same authentication as the thread)' }),
}).meta({ id: 'InquiryScreenshot' });

export const InquiryMessageOut = z.object({
  author: z.enum(['user', 'operator']),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  screenshots: z.array(ScreenshotOut),
}).meta({ id: 'InquiryMessage' });

export const InquiryOut = z.object({
  id: z.string(),
  kind: z.enum(INQUIRY_KINDS),
  subject: z.string(),
  status: z.enum(INQUIRY_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Inquiry' });

export const InquiryThreadOut = InquiryOut.extend({ messages: z.array(InquiryMessageOut) }).meta({ id: 'InquiryThread' });

export const OperatorInquiryOut = InquiryOut.extend({
  account: z.object({ id: z.string(), name: z.string().nullable() }),
  user: z.object({ id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
}).meta({ id: 'OperatorInquiry' });

export const OperatorInquiryThreadOut = OperatorInquiryOut.extend({ messages: z.array(InquiryMessageOut) }).meta({ id: 'OperatorInquiryThread' });

export const OperatorInquiriesQuery = z.object({
  status: z.enum(INQUIRY_STATUSES).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
}).strict();
