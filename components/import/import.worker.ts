/**
 * Runs an import off the page's main thread: parsing and the store's structured cloning of tens of
 * thousands of messages would otherwise stall the dashboard for seconds on a large export. The page sends
 * the chosen File objects (cloneable, never read whole) and can cancel; this worker reports progress and
 * per-file results and writes through the same driver and store as the page would.
 */
import { getDb } from '../../storage/db';
import { runImport, type OlderAnswer } from './runImport';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(m: WorkerReply): void };
let ctl: AbortController | null = null;
let answer: ((a: OlderAnswer) => void) | null = null;

scope.onmessage = async (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    ctl?.abort();
    // An import waiting on a question leaves the file out, then stops at the cancel.
    answer?.('skip');
    return;
  }
  if (msg.type === 'answer') {
    answer?.(msg.answer);
    answer = null;
    return;
  }
  ctl = new AbortController();
  let last = 0;
  try {
    const results = await runImport(msg.files, {
      db: getDb(msg.dbName),
      signal: ctl.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last >= 100 || p.phase === 'saving') {
          last = now;
          scope.postMessage({ type: 'progress', progress: p });
        }
      },
      onFile: (result) => scope.postMessage({ type: 'file', result }),
      confirmOlder: (question) =>
        new Promise<OlderAnswer>((resolve) => {
          answer = resolve;
          scope.postMessage({ type: 'ask', question });
        }),
    });
    scope.postMessage({ type: 'done', results });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
