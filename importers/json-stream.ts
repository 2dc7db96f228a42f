/**
 * Reads a JSON export one record at a time, with memory flat in file size. The exports are one huge array
 * (or an object holding one, like `{conversations: [...]}`); we scan the bytes for the array's element
 * boundaries (tracking only string/escape/nesting state, which UTF-8 lets us do byte-wise because every
 * structural character is ASCII) and hand each complete element to the native `JSON.parse`. That keeps
 * the per-byte work in JavaScript tiny: inside strings (most of an export) we jump with `indexOf`.
 */
import { ImportError, throwIfAborted } from './errors';

/** Keys of a top-level object whose array value holds the records (ChatGPT, Grok, paged API dumps). */
const WRAPPER_KEYS = ['conversations', 'items', 'data', 'results'];
/**
 * Top-level arrays read after the records array, yielded with their key as `wrapper`: Coevo's own "export
 * everything" file lists its messages apart from its conversations, and its verdicts and settings after
 * them. Other formats' readers ignore them.
 */
const FOLLOW_KEYS = ['messages', 'verdicts', 'settings'];

/**
 * Memory bounds, whatever the file expands to (a 2 MB zip can expand to gigabytes): a record larger than
 * `recordBytes` is skipped (its bytes are not kept; `tooLarge` says so), and a top-level object is kept whole
 * only up to `wholeBytes` while no records array has been found in it.
 */
export const JSON_LIMITS = { recordBytes: 64 * 1024 * 1024, wholeBytes: 64 * 1024 * 1024 };

export interface JsonRecord {
  value: unknown;
  /** 1-based record number. */
  n: number;
  /** Byte offset of the record's first byte. */
  offset: number;
  /** The key of the top-level object that held the array, null for a bare array or a single object. */
  wrapper: string | null;
  /** Set (with `value` null) when the record was larger than the limit and skipped unread: its size in bytes. */
  tooLarge?: number;
}

const Q = 34; // "
const BS = 92; // \
const LB = 91; // [
const RB = 93; // ]
const LC = 123; // {
const RC = 125; // }
const COMMA = 44;
const COLON = 58;

/** Stateless (non-streaming) decoding only, so one instance serves every call. */
const decoder = new TextDecoder('utf-8');

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function concat(parts: Uint8Array[], last: Uint8Array): Uint8Array {
  if (parts.length === 0) return last;
  let n = last.length;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  out.set(last, o);
  return out;
}

/**
 * Yields the records of a JSON export. A top-level array yields its elements; a top-level object yields the
 * elements of its first array under a WRAPPER_KEYS key, or else the object itself as the single record.
 */
export async function* jsonRecords(
  source: AsyncIterable<Uint8Array>,
  file: string,
  signal?: AbortSignal,
  limits: { recordBytes: number; wholeBytes: number } = JSON_LIMITS,
): AsyncGenerator<JsonRecord> {
  let pos = 0; // absolute offset of the current chunk's first byte
  let started = false;
  let done = false;
  let topIsObject = false;
  const stack: number[] = []; // open container bytes ({ or [)
  let inStr = false;
  let bsCarry = 0; // backslashes at the end of the previous chunk, inside a string
  // records
  let itemDepth = 0; // depth of the array whose elements are records; 0 = none yet
  let wrapper: string | null = null;
  let wrapperDone = false;
  let inItem = false;
  let itemParts: Uint8Array[] = [];
  let itemBytes = 0; // bytes of the current record so far; past the limit its parts are dropped
  let wholeBytes = 0;
  let itemStart = 0;
  let itemOffset = 0;
  let n = 0;
  // top-level object bookkeeping
  let whole: Uint8Array[] | null = null; // the whole object, kept until a wrapper array is found
  let expectKey = false;
  let capturingKey = false;
  let keyParts: Uint8Array[] = [];
  let keyStart = 0;
  let lastKey = '';
  let awaitingValue = false;

  /** The record that just ended: parsed, or reported as too large (its bytes were never all kept). */
  const finishItem = (tail: Uint8Array): JsonRecord => {
    const at = itemOffset;
    const size = itemBytes + tail.length;
    const parts = itemParts;
    inItem = false;
    itemParts = [];
    itemBytes = 0;
    if (size > limits.recordBytes) return { value: null, n, offset: at, wrapper, tooLarge: size };
    return { value: parseItem(concat(parts, tail), at, n), n, offset: at, wrapper };
  };
  const parseItem = (bytes: Uint8Array, at: number, num: number): unknown => {
    const text = decoder.decode(bytes);
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ImportError('malformed', `Conversation/record #${num} is not valid JSON: ${(e as Error).message}`, { file, offset: at, item: num });
    }
  };

  for await (const buf of source) {
    throwIfAborted(signal, file);
    const len = buf.length;
    let i = 0;
    if (!started) {
      if (pos === 0 && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3; // BOM
      while (i < len && isWs(buf[i])) i++;
      if (i === len) {
        pos += len;
        continue;
      }
      const c = buf[i];
      if (c === LB) {
        itemDepth = 1;
      } else if (c === LC) {
        topIsObject = true;
        whole = [];
        expectKey = true;
      } else {
        throw new ImportError('unknown-format', 'Expected a JSON array or object at the start of the file', {
          file,
          offset: pos + i,
        });
      }
      started = true;
      stack.push(c);
      if (whole) whole.push(buf.subarray(i));
      i++;
    } else if (whole) {
      whole.push(buf);
      wholeBytes += len;
      if (wholeBytes > limits.wholeBytes)
        throw new ImportError(
          'malformed',
          `This file is one JSON object of more than ${Math.round(limits.wholeBytes / 1048576)} MB with no list of conversations in it; it is not an export we can read`,
          { file, offset: pos },
        );
    }
    while (i < len) {
      if (inStr) {
        const q = buf.indexOf(Q, i);
        if (q < 0) {
          let k = 0;
          let j = len - 1;
          while (j >= i && buf[j] === BS) {
            k++;
            j--;
          }
          bsCarry = j < i ? bsCarry + k : k;
          i = len;
          break;
        }
        let k = 0;
        let j = q - 1;
        while (j >= i && buf[j] === BS) {
          k++;
          j--;
        }
        if (j < i) k += bsCarry;
        bsCarry = 0;
        i = q + 1;
        if (k & 1) continue; // an escaped quote: still inside the string
        inStr = false;
        if (capturingKey) {
          capturingKey = false;
          lastKey = decoder.decode(concat(keyParts, buf.subarray(keyStart, q)));
          keyParts = [];
        }
        continue;
      }
      const c = buf[i];
      if (done) {
        if (!isWs(c))
          throw new ImportError('malformed', 'Unexpected data after the end of the JSON value', {
            file,
            offset: pos + i,
          });
        i++;
        continue;
      }
      if (isWs(c)) {
        i++;
        continue;
      }
      const depth = stack.length;
      if (c === COMMA) {
        if (inItem && depth === itemDepth) {
          yield finishItem(buf.subarray(itemStart, i));
          throwIfAborted(signal, file);
        } else if (topIsObject && depth === 1) {
          expectKey = true;
        }
        i++;
        continue;
      }
      if (c === COLON) {
        if (topIsObject && depth === 1) awaitingValue = true;
        i++;
        continue;
      }
      if (c === RB || c === RC) {
        const open = stack.pop();
        if (open === undefined || (c === RB) !== (open === LB)) {
          throw new ImportError('malformed', `Unexpected "${String.fromCharCode(c)}"${open === undefined ? '' : ` closing a "${String.fromCharCode(open)}"`}`, {
            file,
            offset: pos + i,
            item: inItem ? n : undefined,
          });
        }
        if (depth === itemDepth) {
          // the records array closes
          if (inItem) {
            yield finishItem(buf.subarray(itemStart, i));
            throwIfAborted(signal, file);
          }
          if (itemDepth === 2) wrapperDone = true;
          itemDepth = 0;
        }
        if (stack.length === 0) {
          done = true;
          if (whole) {
            // a single object without a records array: it is the one record
            const last = whole[whole.length - 1]; // `buf` itself, or its tail from the opening "{"
            const bytes = concat(whole.slice(0, -1), last.subarray(0, i + 1 - (len - last.length)));
            whole = null;
            n = 1;
            yield { value: parseItem(bytes, 0, 1), n: 1, offset: 0, wrapper: null };
          }
        }
        i++;
        continue;
      }
      // the start of a value: a string, container or literal
      if (depth === itemDepth && !inItem) {
        inItem = true;
        n++;
        itemStart = i;
        itemOffset = pos + i;
        itemParts = [];
      }
      if (topIsObject && depth === 1) {
        if (awaitingValue) {
          awaitingValue = false;
          if (c === LB && !wrapperDone && itemDepth === 0 && WRAPPER_KEYS.includes(lastKey)) {
            itemDepth = 2;
            wrapper = lastKey;
            whole = null;
          } else if (c === LB && wrapperDone && itemDepth === 0 && FOLLOW_KEYS.includes(lastKey)) {
            itemDepth = 2;
            wrapper = lastKey;
          }
        } else if (expectKey && c === Q) {
          expectKey = false;
          capturingKey = true;
          keyStart = i + 1;
          keyParts = [];
        }
      }
      if (c === Q) {
        inStr = true;
        bsCarry = 0;
      } else if (c === LB || c === LC) {
        stack.push(c);
      }
      i++;
    }
    if (inItem) {
      const part = itemStart === 0 ? buf : buf.subarray(itemStart);
      itemBytes += part.length;
      // Past the limit the record is only counted, never kept (a gigabyte string or object stays on disk).
      if (itemBytes <= limits.recordBytes) itemParts.push(part);
      else itemParts = [];
    }
    itemStart = 0;
    if (capturingKey) {
      keyParts.push(buf.subarray(keyStart));
      keyStart = 0;
    }
    pos += len;
  }
  if (!started) throw new ImportError('truncated', 'The file is empty', { file, offset: 0 });
  if (!done) {
    throw new ImportError(
      'truncated',
      inItem
        ? `The file ended in the middle of conversation/record #${n}; it looks cut off (was the download complete?)`
        : 'The file ended before the JSON was closed; it looks cut off (was the download complete?)',
      { file, offset: pos, item: inItem ? n : undefined },
    );
  }
}
