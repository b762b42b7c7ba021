/**
 * Data rows of a CSV text with no quote and no carriage return anywhere: its non-empty lines
 * after the header — exactly what the CSV parser (csv-parse with skip_empty_lines) finds in such
 * a text: no field can span lines, every record ends at a newline, empty lines are skipped.
 * Null for any other text, and for one with a line over `maxChars` characters (the parser's
 * record size limit may refuse it): the caller then counts by parsing. A leading BOM is ignored.
 */
export async function countPlainLines(texts: AsyncIterable<string>, maxChars: number): Promise<number | null> {
  let lines = 0;
  let lineLength = 0; // characters of the current line so far
  let first = true;
  for await (let text of texts) {
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text.includes('"') || text.includes('\r')) return null;
    let at = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', at)) {
      lineLength += nl - at;
      if (lineLength > maxChars) return null;
      if (lineLength > 0) lines++;
      lineLength = 0;
      at = nl + 1;
    }
    lineLength += text.length - at;
    if (lineLength > maxChars) return null;
  }
  if (lineLength > 0) lines++;
  return Math.max(0, lines - 1);
}
