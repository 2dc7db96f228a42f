/**
 * The one error type importers throw: it says what was expected and where the input went wrong, so the
 * dashboard and the CLI can show it in plain words instead of a stack trace.
 */
export type ImportErrorCode =
  | 'unknown-format' // nothing we know how to read
  | 'malformed' // the format was recognised but its content is broken
  | 'truncated' // the input ended in the middle of a value
  | 'zip' // the .zip container itself is broken
  | 'cancelled' // the person (or the caller's AbortSignal) stopped it
  | 'internal'; // Coevo's own code failed on this input: a bug of ours, not a fault of the file

export interface ImportErrorWhere {
  /** The file (or zip entry) name. */
  file?: string;
  /** Byte offset in that file where the problem was seen. */
  offset?: number;
  /** 1-based number of the conversation/record being read. */
  item?: number;
}

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly file?: string;
  readonly offset?: number;
  readonly item?: number;

  constructor(code: ImportErrorCode, message: string, where: ImportErrorWhere = {}) {
    const place = [
      where.file ? `in ${where.file}` : '',
      where.item !== undefined ? `at conversation/record #${where.item}` : '',
      where.offset !== undefined ? `near byte ${where.offset}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    super(place ? `${message} (${place})` : message);
    this.name = 'ImportError';
    this.code = code;
    this.file = where.file;
    this.offset = where.offset;
    this.item = where.item;
  }
}

/**
 * Re-throw as an ImportError, adding location details the inner code did not know. Anything that is not
 * already an ImportError (a TypeError in a converter, a RangeError…) is our code failing, not the file being
 * bad: it becomes an `internal` error that says so, and the fuzz test counts it as a failure.
 */
export function withWhere(err: unknown, where: ImportErrorWhere): ImportError {
  if (err instanceof ImportError) {
    if ((err.file === undefined && where.file) || (err.item === undefined && where.item !== undefined)) {
      const base = err.message.replace(/ \((in|at|near) [^)]*\)$/, '');
      return new ImportError(err.code, base, {
        file: err.file ?? where.file,
        offset: err.offset ?? where.offset,
        item: err.item ?? where.item,
      });
    }
    return err;
  }
  const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ImportError('internal', `Coevo failed while reading this file (a bug in Coevo, not a fault of your file; please report it): ${msg}`, where);
}

export function throwIfAborted(signal: AbortSignal | undefined, file?: string): void {
  if (signal?.aborted) throw new ImportError('cancelled', 'Import cancelled', { file });
}
