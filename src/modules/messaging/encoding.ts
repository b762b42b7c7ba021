/** SMS encoding and segmentation rules: they live in src/lib/sms-encoding.ts (shared with carrier folders). */
export * from '../../lib/sms-encoding.js';
