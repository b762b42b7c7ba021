import QRCode from 'qrcode';

/** A QR code of this text as an SVG document (black on white, quiet zone of 2 modules). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
