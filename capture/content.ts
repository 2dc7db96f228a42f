/**
 * Browser glue of the capture loop inside an assistant page: picks the adapter by hostname, connects the
 * loop to the outbox and runtime messaging, and forwards navigation / visibility / unload events.
 *
 * What it reads: only the adapter's conversation root on a site the person switched on and granted. What it
 * sends: snapshots of finished messages to Coevo's own background (runtime messaging, never the network).
 */
import browser from 'webextension-polyfill';
import { envelope, type CaptureSnapshot, type Res } from '../messaging/protocol';
import { SITES } from '../sites/registry';
import type { SiteAdapter } from '../sites/types';
import { CaptureLoop } from './loop';
import { Outbox, type PersistedOutbox } from './outbox';
import { seal } from './seal';

function adapterForHost(hostname: string): SiteAdapter | undefined {
  return Object.values(SITES).find((a) => a.hosts.includes(hostname));
}

/**
 * Starts capture in this page. Nothing here is visible to the page or can be stopped by it: no event is
 * dispatched into the page's DOM or window (WXT's content-script context announces itself with
 * `window.postMessage` and a document event, and shuts down when a page re-sends them, so this script is an
 * unlisted script that does not use that context), and every listener and timer belongs to this script. It
 * stops only when the extension itself is gone (reloaded, updated, removed), and then first parks what is
 * still unacknowledged. Returns a stop function (tests).
 */
export function startCapture(): (() => void) | undefined {
  const adapter = adapterForHost(location.hostname);
  if (!adapter) return undefined;
  const log = (m: string) => console.debug(`[coevo] ${m}`);
  // Bench builds only (WXT_COEVO_BENCH=1, bench/capture.ts): time every piece of Coevo's main-thread work.
  const bench = import.meta.env.WXT_COEVO_BENCH === '1' ? benchRecorder() : null;
  const timed = <A extends unknown[]>(fn: (...a: A) => void) => (bench ? bench.wrap(fn) : fn);
  const life = new AbortController();
  const timers = {
    setTimeout: (fn: () => void, ms: number) =>
      setTimeout(
        timed(() => !life.signal.aborted && fn()),
        ms,
      ),
    clearTimeout: (h: unknown) => clearTimeout(h as number),
  };
  // The key that seals this site's parked snapshots (capture/seal.ts), handed over by the background's answer
  // to hello. Capture starts only after a hello was answered, so it is known before anything is parked.
  let parkKey: string | undefined;
  const outbox = new Outbox({
    ...timers,
    now: () => Date.now(),
    pageKey: `${adapter.id}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 10)}`,
    log,
    send: async (s: CaptureSnapshot) => (await browser.runtime.sendMessage(envelope('capture/snapshot', s))) as Res<'capture/snapshot'> | undefined,
    persist: {
      set: async (key: string, value: PersistedOutbox) => {
        if (!parkKey) return log('nothing parked: no key from the background yet');
        await browser.storage.local.set({ [key]: await seal(parkKey, adapter.id, value.savedAt, value.snapshots) });
      },
      remove: (key: string) => browser.storage.local.remove(key),
    },
  });
  const loop = new CaptureLoop({
    ...timers,
    adapter,
    doc: document,
    href: () => location.href,
    now: () => Date.now(),
    hello: async (url) => {
      const r = (await browser.runtime.sendMessage(envelope('capture/hello', { site: adapter.id, url }))) as Res<'capture/hello'> | undefined;
      if (r?.parkKey) parkKey = r.parkKey;
      return r?.capture === true;
    },
    emit: (s, keys) => outbox.push(s, keys),
    idle:
      typeof requestIdleCallback === 'function'
        ? (fn) =>
            requestIdleCallback(
              timed(() => !life.signal.aborted && fn()),
              { timeout: 1000 },
            )
        : (fn) => requestAnimationFrame(timed(() => !life.signal.aborted && fn())),
    MutationObserver: bench
      ? (class extends MutationObserver {
          constructor(cb: MutationCallback) {
            super(bench!.wrap(cb));
          }
        } as typeof MutationObserver)
      : MutationObserver,
    log,
  });

  const on = { signal: life.signal };
  // In-app navigation (pushState) is noticed by the loop's 1 s watchdog; back/forward at once.
  addEventListener('popstate', () => void loop.navigated(location.href), on);
  document.addEventListener(
    'visibilitychange',
    () => {
      // Hidden: a reply may still be streaming (people switch tabs while waiting), so nothing is forced final
      // here; only what is pending is made safe. Leaving the page (pagehide) reads what finished.
      if (document.visibilityState === 'visible') void loop.recheckPermission();
      else outbox.flushToStorage();
    },
    on,
  );
  addEventListener(
    'pagehide',
    () => {
      loop.flush();
      outbox.flushToStorage();
    },
    on,
  );
  const stop = () => {
    if (life.signal.aborted) return;
    loop.flush();
    outbox.stop(); // parks what is still unacknowledged before it stops
    loop.stop();
    life.abort();
  };
  // The extension was reloaded, updated or removed: this copy can no longer reach it.
  const alive = setInterval(() => {
    if (!browser.runtime?.id) {
      clearInterval(alive);
      stop();
    }
  }, 5000);
  life.signal.addEventListener('abort', () => clearInterval(alive));
  void loop.start();
  return stop;
}

/**
 * Bench-only recorder of Coevo's work segments (start, duration in ms, performance.now clock). The bench page
 * asks for them with `postMessage({coevoBench: 'dump'})` and reads `data-coevo-bench` on <html>.
 */
function benchRecorder() {
  const segments: number[] = [];
  addEventListener('message', (e) => {
    if ((e.data as { coevoBench?: string } | null)?.coevoBench === 'dump') document.documentElement.setAttribute('data-coevo-bench', JSON.stringify(segments));
  });
  return {
    wrap<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
      return (...a: A) => {
        const t0 = performance.now();
        try {
          fn(...a);
        } finally {
          segments.push(t0, performance.now() - t0);
        }
      };
    },
  };
}
