import { createRequire } from 'node:module';

type PdfKit = typeof import('pdfkit');
let pdfkit: PdfKit | null = null;

/**
 * pdfkit's document class (with fontkit), loaded on the first PDF rather than at import: ~0.3 s of
 * CPU that every process start paid (API servers, workers, test servers) though few ever draw one.
 */
export function pdfDocument(options?: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  pdfkit ??= createRequire(import.meta.url)('pdfkit') as PdfKit;
  return new pdfkit(options);
}
