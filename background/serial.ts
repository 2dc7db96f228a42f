/**
 * One-at-a-time runs of an async job: a call waits for the previous run to settle (success or failure) before
 * starting its own. The background syncs content-script registrations this way, so a permission change and a
 * 'sites/sync' arriving together never register a script twice.
 */
export function serialized<T>(job: () => Promise<T>): () => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const next = last.then(job);
    last = next.catch(() => undefined);
    return next;
  };
}
