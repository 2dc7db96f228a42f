/**
 * A streaming CSV reader (RFC 4180): quoted fields may hold delimiters, doubled quotes and line breaks;
 * rows end at CRLF, LF or CR. A file that ends inside a quoted field is reported as cut off.
 */
import { ImportError } from './errors';

export async function* csvRows(text: AsyncIterable<string>, delimiter = ',', file?: string): AsyncGenerator<string[]> {
  const D = delimiter.charCodeAt(0);
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just read a quote inside a quoted field (end, or first half of "")
  let atFieldStart = true;
  let lastWasCR = false;
  let line = 1;
  let any = false;
  for await (const chunk of text) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c === 34) {
            field += '"';
            i++;
            continue;
          }
          quoted = false; // the quote closed the field; fall through to read c normally
        } else {
          const q = chunk.indexOf('"', i);
          if (q < 0) {
            field += chunk.slice(i);
            for (let k = i; k < n; k++) if (chunk.charCodeAt(k) === 10) line++;
            i = n;
            continue;
          }
          field += chunk.slice(i, q);
          for (let k = i; k < q; k++) if (chunk.charCodeAt(k) === 10) line++;
          afterQuote = true;
          i = q + 1;
          continue;
        }
      }
      if (lastWasCR && c === 10) {
        lastWasCR = false;
        i++;
        continue;
      }
      lastWasCR = false;
      if (c === 34 && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        any = true;
        i++;
      } else if (c === D) {
        row.push(field);
        field = '';
        atFieldStart = true;
        any = true;
        i++;
      } else if (c === 10 || c === 13) {
        row.push(field);
        yield row;
        row = [];
        field = '';
        atFieldStart = true;
        any = false;
        lastWasCR = c === 13;
        line++;
        i++;
      } else {
        // plain characters up to the next delimiter, quote or line break
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === D || d === 10 || d === 13) break;
          j++;
        }
        field += chunk.slice(i, j);
        atFieldStart = false;
        any = true;
        i = j;
      }
    }
  }
  if (quoted && !afterQuote) {
    throw new ImportError('truncated', `The CSV file ended inside a quoted field that began before line ${line}; it looks cut off`, { file });
  }
  if (any || field) {
    row.push(field);
    yield row;
  }
}
