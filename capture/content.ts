/**
 * Browser glue of the capture loop inside an assistant page: picks the adapter by hostname, connects the
 * loop to the outbox and runtime messaging, and forwards navigation / visibility / unload events.
 *
 * What it reads: only the adapter's conversation root on a site the person switched on and granted. What it
 * sends: snapshots of finished messages to Coevo's own background (runtime messaging, never the network).
 */
import browser from 'webextension-polyfill';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { envelope, type CaptureSnapshot, type Res } from '../messaging/protocol';
import { SITES } from '../sites/registry';
import type { SiteAdapter } from '../sites/types';
import { CaptureLoop } from './loop';
import { Outbox, type PersistedOutbox } from './outbox';

export function adapterForHost(hostname: string): SiteAdapter | undefined {
  return Object.values(SITES).find((a) => a.hosts.includes(hostname));
}

export function startCapture(ctx: ContentScriptContext): void {
  const adapter = adapterForHost(location.hostname);
  if (!adapter) return;
  const log = (m: string) => console.debug(`[coevo] ${m}`);
  // Bench builds only (WXT_COEVO_BENCH=1, bench/capture.ts): time every piece of Coevo's main-thread work.
  const bench = import.meta.env.WXT_COEVO_BENCH === '1' ? benchRecorder() : null;
  const timed = <A extends unknown[]>(fn: (...a: A) => void) => (bench ? bench.wrap(fn) : fn);
  const timers = {
    setTimeout: (fn: () => void, ms: number) => ctx.setTimeout(timed(fn), ms),
    clearTimeout: (h: unknown) => clearTimeout(h as number),
  };
  const outbox = new Outbox({
    ...timers,
    now: () => Date.now(),
    pageKey: `${adapter.id}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 10)}`,
    log,
    send: async (s: CaptureSnapshot) =>
      (await browser.runtime.sendMessage(envelope('capture/snapshot', s))) as Res<'capture/snapshot'> | undefined,
    persist: {
      set: (key: string, value: PersistedOutbox) => browser.storage.local.set({ [key]: value }),
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
      const r = (await browser.runtime.sendMessage(envelope('capture/hello', { site: adapter.id, url }))) as
        | Res<'capture/hello'>
        | undefined;
      return r?.capture === true;
    },
    emit: (s, keys) => outbox.push(s, keys),
    idle:
      typeof requestIdleCallback === 'function'
        ? (fn) => ctx.requestIdleCallback(timed(() => fn()), { timeout: 1000 })
        : (fn) => ctx.requestAnimationFrame(timed(() => fn())),
    MutationObserver: bench
      ? (class extends MutationObserver {
          constructor(cb: MutationCallback) {
            super(bench!.wrap(cb));
          }
        } as typeof MutationObserver)
      : MutationObserver,
    log,
  });

  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => void loop.navigated(newUrl.href));
  ctx.addEventListener(window, 'popstate', () => void loop.navigated(location.href));
  ctx.addEventListener(document, 'visibilitychange', () => {
    // Hidden: a reply may still be streaming (people switch tabs while waiting), so nothing is forced final
    // here; only what is pending is made safe. Leaving the page (pagehide) reads what finished.
    if (document.visibilityState === 'visible') void loop.recheckPermission();
    else outbox.flushToStorage();
  });
  ctx.addEventListener(window, 'pagehide', () => {
    loop.flush();
    outbox.flushToStorage();
  });
  ctx.onInvalidated(() => {
    loop.stop();
    outbox.stop();
  });
  void loop.start();
}

/**
 * Bench-only recorder of Coevo's work segments (start, duration in ms, performance.now clock). The bench page
 * asks for them with `postMessage({coevoBench: 'dump'})` and reads `data-coevo-bench` on <html>.
 */
function benchRecorder() {
  const segments: number[] = [];
  addEventListener('message', (e) => {
    if ((e.data as { coevoBench?: string } | null)?.coevoBench === 'dump')
      document.documentElement.setAttribute('data-coevo-bench', JSON.stringify(segments));
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
