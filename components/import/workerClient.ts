/**
 * Starts an import in `import.worker.ts` and relays its progress and results. If the worker cannot start
 * (a runtime without module workers), the import runs on the page instead — same driver, same results.
 */
import { getDb } from '../../storage/db';
import { runImport, type FileResult, type OlderAnswer, type OlderQuestion, type RunProgress } from './runImport';
import type { WorkerReply, WorkerRequest } from './worker-protocol';
// Vite bundles the worker as its own file (extension pages may not start workers from blob: URLs).
import ImportWorker from './import.worker.ts?worker';

export interface ClientOptions {
  dbName: string;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  onFile?: (r: FileResult) => void;
  /** The page asks the person; the worker's import waits for the answer. */
  confirmOlder?: (q: OlderQuestion) => Promise<OlderAnswer>;
}

function onPage(files: File[], opts: ClientOptions): Promise<FileResult[]> {
  return runImport(files, { db: getDb(opts.dbName), signal: opts.signal, onProgress: opts.onProgress, onFile: opts.onFile, confirmOlder: opts.confirmOlder });
}

export function runImportInWorker(files: File[], opts: ClientOptions): Promise<FileResult[]> {
  if (typeof Worker === 'undefined') return onPage(files, opts);
  let worker: Worker;
  try {
    worker = new ImportWorker();
  } catch {
    return onPage(files, opts);
  }
  return new Promise<FileResult[]>((resolve, reject) => {
    let heard = false;
    const finish = () => {
      opts.signal?.removeEventListener('abort', cancel);
      worker.terminate();
    };
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    opts.signal?.addEventListener('abort', cancel);
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      heard = true;
      const m = e.data;
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'file') opts.onFile?.(m.result);
      else if (m.type === 'ask')
        void (opts.confirmOlder?.(m.question) ?? Promise.resolve<OlderAnswer>('import')).then((answer) =>
          worker.postMessage({ type: 'answer', answer } satisfies WorkerRequest),
        );
      else if (m.type === 'done') {
        finish();
        resolve(m.results);
      } else {
        finish();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      finish();
      // A worker that never ran (blocked or unsupported) falls back to the page; one that failed midway
      // reports its error (files it finished are stored; re-importing them adds nothing).
      if (!heard) onPage(files, opts).then(resolve, reject);
      else reject(new Error(e.message || 'the import worker stopped'));
    };
    worker.postMessage({ type: 'start', files, dbName: opts.dbName } satisfies WorkerRequest);
    if (opts.signal?.aborted) cancel();
  });
}
