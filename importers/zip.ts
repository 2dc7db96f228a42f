/**
 * Streams the entries of a .zip exactly as the services deliver it, without loading it whole: fflate's
 * push-based `Unzip` is fed one input chunk at a time and each entry is handed out as its own byte stream.
 * Entries come strictly one after another, so the consumer reads an entry to its end (or abandons it, and we
 * drain it) before the next starts.
 *
 * Bounded whatever the zip holds: input is pushed to the unzipper in slices of `SLICE` bytes, so at most one
 * slice's inflated output is held at any moment (deflate expands at most ~1,032×: 16 KB → ≤ 17 MB, where a 1 MB
 * read chunk of a zip bomb would have become a gigabyte), and fflate's per-entry recursion inside one push stays
 * shallow however many small entries the zip has (a 1 MB chunk of tiny entries overflowed the stack).
 */
import { Unzip, UnzipInflate } from 'fflate';
import { ImportError } from './errors';

export interface ZipEntry {
  name: string;
  /** Uncompressed size when the zip header states it. */
  size?: number;
  bytes: AsyncIterable<Uint8Array>;
}

interface Pending {
  name: string;
  size?: number;
  queue: Uint8Array[];
  done: boolean;
  error: Error | null;
}

/** Bytes of compressed input per push to the unzipper. */
const SLICE = 16 * 1024;

export const isZip = (head: Uint8Array) => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

/** Yields the entries `wanted(name)` accepts; the others are decompressed into nothing and skipped. */
export async function* zipEntries(source: AsyncIterable<Uint8Array>, zipName: string, wanted: (name: string) => boolean): AsyncGenerator<ZipEntry> {
  const it = source[Symbol.asyncIterator]();
  const pending: Pending[] = [];
  let ended = false;
  let offset = 0;
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/') || !wanted(file.name)) {
      file.ondata = () => {};
      file.start();
      return;
    }
    const p: Pending = { name: file.name, size: file.originalSize, queue: [], done: false, error: null };
    file.ondata = (err, data, final) => {
      if (err) p.error = err;
      else {
        if (data && data.length) p.queue.push(data);
        if (final) p.done = true;
      }
    };
    pending.push(p);
    file.start();
  });
  unzip.register(UnzipInflate);

  let chunk: Uint8Array = new Uint8Array(0);
  let at = 0;
  /** Feeds one more slice of input to the unzipper; false once the input is exhausted. */
  const pump = async (): Promise<boolean> => {
    if (ended) return false;
    let last = false;
    while (at >= chunk.length) {
      const r = await it.next(); // outside the try: a cancelled or failing source is not a damaged zip
      if (r.done) {
        last = true;
        break;
      }
      chunk = r.value;
      at = 0;
    }
    try {
      if (last) {
        ended = true;
        unzip.push(new Uint8Array(0), true);
        return false;
      }
      const slice = chunk.subarray(at, at + SLICE);
      at += slice.length;
      unzip.push(slice, false);
      offset += slice.length;
    } catch (e) {
      const msg = (e as Error).message || String(e);
      throw new ImportError(
        /EOF|end/i.test(msg) ? 'truncated' : 'zip',
        /EOF|end/i.test(msg) ? 'The .zip file ends too early; it looks cut off (was the download complete?)' : `The .zip file is damaged: ${msg}`,
        { file: zipName, offset },
      );
    }
    return true;
  };

  const fail = (p: Pending) => new ImportError('zip', `Could not decompress ${p.name} from the .zip: ${p.error!.message}`, { file: zipName, offset });

  while (true) {
    if (pending.length === 0) {
      // The last push can still announce entries, so stop only when none is waiting.
      if (!(await pump()) && pending.length === 0) break;
      continue;
    }
    const p = pending[0];
    let abandoned = true;
    async function* bytes(): AsyncGenerator<Uint8Array> {
      while (true) {
        while (p.queue.length) yield p.queue.shift()!;
        if (p.error) throw fail(p);
        if (p.done) break;
        if (!(await pump()) && !p.done && p.queue.length === 0) {
          throw new ImportError('truncated', `The .zip file ends inside ${p.name}; it looks cut off`, { file: zipName, offset });
        }
      }
      abandoned = false;
    }
    yield { name: p.name, size: p.size, bytes: bytes() };
    if (abandoned) {
      // The consumer stopped early (e.g. not a conversation file): drain the rest of this entry.
      p.queue.length = 0;
      while (!p.done && !p.error) {
        if (!(await pump())) break;
        p.queue.length = 0;
      }
    }
    pending.shift();
  }
}
