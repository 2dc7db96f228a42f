/**
 * Shared end-to-end helpers: launch real headless Chromium with the built extension, serve fixture pages at
 * the assistants' real hostnames (never live sites), read the extension's IndexedDB, open extension pages,
 * and count network requests the extension makes.
 *
 * Usage (one browser per test file, reused by its tests):
 *
 *   const s = await launchWithExtension();              // .output/chrome-mv3 must be built (npm run build)
 *   await s.grantSites(['chatgpt']);                     // host permission + content-script registration
 *   await serveFixture(s.context, 'https://chatgpt.com/c/abc', html);
 *   const page = await s.context.newPage(); await page.goto('https://chatgpt.com/c/abc');
 *   const rows = await readStore(s, 'messages');         // rows of the `coevo` Dexie database
 *   const popup = await openExtensionPage(s, 'popup.html');
 *   expect(s.network.extensionRequests()).toEqual([]);   // zero network traffic from the extension
 *   await s.close();
 *
 * Network isolation: every request that no `serveFixture` route answers is aborted and recorded, so a test can
 * never reach a live site. Requests are attributed to the extension when they come from its service worker,
 * from one of its pages (chrome-extension://<id>/…), or from a content script (CDP initiator stack in the
 * extension's origin); see `NetworkLog`.
 *
 * Permissions: production builds declare the sites as optional host permissions, which a headless browser
 * cannot grant (the permission prompt has no one to click it). The e2e build (`COEVO_E2E_GRANT=1 wxt build`,
 * output in .output/e2e, done by `ensureE2EBuild`; tried first: chrome.permissions.request under a real
 * Playwright click, which waits forever on the invisible prompt) moves them to `host_permissions` for tests only; `grantSites`
 * then turns the sites on the way the popup does ('sites/sync'). See wxt.config.ts.
 */
import { chromium, type BrowserContext, type CDPSession, type Page, type Request, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, findBrowser, poll, ROOT } from './shared';

export { ROOT };
/** Where the e2e build of the extension goes (kept apart from .output/chrome-mv3, the production build). */
const E2E_EXTENSION_DIR = join(ROOT, '.output', 'e2e', 'chrome-mv3');

export const browserPath = (): string =>
  findBrowser(
    'COEVO_BROWSER',
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    "No Chromium found: install Debian's `chromium` (apt-get install -y chromium) or set COEVO_BROWSER.",
  );

/** The e2e variant of the extension in .output/e2e, built when missing or stale (build.ts; `COEVO_E2E_EXTENSION_DIR` names a prebuilt one). */
const ensureE2EBuild = (): string =>
  ensureBuild({
    dir: E2E_EXTENSION_DIR,
    prebuiltEnv: 'COEVO_E2E_EXTENSION_DIR',
    sources: ['capture', 'sites', 'entrypoints', 'background', 'messaging', 'model', 'storage', 'components', 'donation', 'analysis'],
    wxtArgs: [],
  });

export interface RecordedRequest {
  url: string;
  /** Who made it: 'service-worker' | 'extension-page' | 'content-script' | 'page'. */
  by: 'service-worker' | 'extension-page' | 'content-script' | 'page';
  served: boolean;
}

/** Every network request seen in the browser, attributed to its maker. */
class NetworkLog {
  readonly requests: RecordedRequest[] = [];
  constructor(private readonly extensionOrigin: () => string) {}
  add(r: RecordedRequest): void {
    this.requests.push(r);
  }
  /** Requests made by the extension itself (service worker, its pages, its content scripts): must stay empty. */
  extensionRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.by !== 'page' && !r.url.startsWith(this.extensionOrigin()));
  }
  /** Requests no fixture route answered (aborted). */
  unserved(): RecordedRequest[] {
    return this.requests.filter((r) => !r.served && !r.url.startsWith('chrome-extension://') && !r.url.startsWith('data:'));
  }
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id>/ */
  extensionOrigin: string;
  extensionDir: string;
  /** The current service worker (re-read after a stop: Chromium starts a new one on the next event). */
  serviceWorker(): Promise<Worker>;
  network: NetworkLog;
  /** Turns these sites on (permission is in the e2e build's manifest) and registers their content scripts. */
  grantSites(sites: string[]): Promise<string[]>;
  /** Stops the extension's service worker the way Chromium does when idle (CDP ServiceWorker.stopAllWorkers). */
  stopServiceWorker(): Promise<void>;
  /** Attaches CDP network logging (initiator-based attribution) to a page; done for every new page automatically. */
  close(): Promise<void>;
}

const EXTRA_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export interface LaunchOptions {
  /** Unpacked extension directory; default: the e2e build (built on demand). */
  extensionDir?: string;
  headless?: boolean;
}

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = opts.extensionDir ?? ensureE2EBuild();
  const profile = mkdtempSync(join(tmpdir(), 'coevo-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath(),
    headless: opts.headless ?? true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...EXTRA_ARGS],
  });
  let extensionOrigin = '';
  const network = new NetworkLog(() => extensionOrigin);
  const served = new WeakSet<Request>();

  // Catch-all first: Playwright tries the most recently added route first, so fixture routes win.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('chrome-extension://') || url.startsWith('data:')) return route.continue();
    await route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    let by: RecordedRequest['by'] = 'page';
    const sw = req.serviceWorker();
    if (sw && extensionOrigin && sw.url().startsWith(extensionOrigin)) by = 'service-worker';
    else {
      let frameUrl = '';
      try {
        frameUrl = req.frame().url();
      } catch {
        /* requests of workers have no frame */
      }
      if (extensionOrigin && frameUrl.startsWith(extensionOrigin)) by = 'extension-page';
    }
    network.add({ url, by, served: served.has(req) || url.startsWith('chrome-extension://') });
  });
  (context as any).__coevoServed = served;

  let sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(sw.url()).host;
  extensionOrigin = `chrome-extension://${extensionId}/`;

  // Content-script requests look like page requests to Playwright; CDP's initiator stack names the script.
  const cdpSessions: CDPSession[] = [];
  const attach = async (page: Page) => {
    if (page.url().startsWith(extensionOrigin)) return;
    try {
      const cdp = await context.newCDPSession(page);
      cdpSessions.push(cdp);
      cdp.on('Network.requestWillBeSent', (e: any) => {
        const frames: any[] = [];
        for (let st = e.initiator?.stack; st; st = st.parent) frames.push(...(st.callFrames ?? []));
        if (frames.some((f) => String(f.url).startsWith(extensionOrigin)) || String(e.initiator?.url ?? '').startsWith(extensionOrigin))
          network.add({ url: e.request.url, by: 'content-script', served: false });
      });
      await cdp.send('Network.enable');
    } catch {
      /* page closed before attaching */
    }
  };
  context.on('page', (p) => void attach(p));

  let swControl: Promise<CDPSession> | null = null;
  const session: ExtensionSession = {
    context,
    extensionId,
    extensionOrigin,
    extensionDir,
    network,
    async serviceWorker() {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin));
      if (live) return live;
      return context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(extensionOrigin), timeout: 30_000 });
    },
    async grantSites(sites) {
      const page = await openExtensionPage(session, 'manifest.json');
      try {
        return await page.evaluate(async (ids: string[]) => {
          const c = (globalThis as any).chrome;
          const sitesOn = Object.fromEntries(ids.map((id) => [id, true]));
          await c.runtime.sendMessage({ coevo: 1, type: 'settings/update', payload: { sites: sitesOn, paused: false } });
          const r = await c.runtime.sendMessage({ coevo: 1, type: 'sites/sync', payload: {} });
          return r.registered as string[];
        }, sites);
      } finally {
        await page.close();
      }
    },
    async stopServiceWorker() {
      // One blank page's CDP session, kept for repeated stops (a test may stop the worker every 100 ms).
      if (!swControl) {
        swControl = (async () => {
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('ServiceWorker.enable');
          return cdp;
        })();
      }
      await (await swControl).send('ServiceWorker.stopAllWorkers');
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

/**
 * Serves `html` at exactly `url` (and its redirect-free variants with query/hash) in this context. Call again
 * with the same URL to replace the page. Pass a function to compute the body per request.
 */
export async function serveFixture(
  context: BrowserContext,
  url: string,
  html: string | (() => string),
  contentType = 'text/html; charset=utf-8',
  headers: Record<string, string> = {},
): Promise<void> {
  const target = new URL(url);
  const served: WeakSet<Request> = (context as any).__coevoServed ?? new WeakSet();
  await context.route(
    (u) => u.origin === target.origin && u.pathname === target.pathname,
    async (route) => {
      served.add(route.request());
      await route.fulfill({ status: 200, contentType, headers, body: typeof html === 'function' ? html() : html });
    },
  );
}

/** Opens one of the extension's pages (e.g. 'popup.html', 'dashboard.html') in a new tab. */
export async function openExtensionPage(s: Pick<ExtensionSession, 'context' | 'extensionOrigin'>, path: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(s.extensionOrigin + path.replace(/^\//, ''));
  return page;
}

/**
 * All rows of one table of the extension's `coevo` IndexedDB (read in an extension page, so the service
 * worker is not needed and is not woken).
 */
const storePages = new WeakMap<BrowserContext, Promise<Page>>();

export async function readStore<T = any>(s: Pick<ExtensionSession, 'context' | 'extensionOrigin'>, table: string): Promise<T[]> {
  // One background tab per browser for all reads: opening a page per poll would load the machine.
  let pending = storePages.get(s.context);
  if (!pending || (await pending).isClosed()) {
    pending = openExtensionPage(s, 'manifest.json');
    storePages.set(s.context, pending);
  }
  const page = await pending;
  return page.evaluate(
    (name: string) =>
      new Promise<any[]>((res, rej) => {
        const open = indexedDB.open('coevo');
        open.onerror = () => rej(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            return res([]);
          }
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            db.close();
            res(req.result);
          };
          req.onerror = () => rej(req.error);
        };
      }),
    table,
  );
}

/** Polls `fn` until it returns a truthy value (returned) or the timeout passes (throws with the last value). */
export const waitFor = <T>(fn: () => Promise<T> | T, { timeout = 15_000, interval = 150, what = 'condition' } = {}): Promise<NonNullable<T>> =>
  poll(fn, { timeout, interval, what });
