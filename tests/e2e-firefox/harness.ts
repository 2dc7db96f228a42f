/**
 * End-to-end helpers for real Firefox (Debian's firefox-esr) with the built extension, driven over Marionette.
 *
 *   const s = await launchFirefox();                     // builds .output/e2e/firefox-mv3 when stale, installs it
 *   s.net.serve('https://chatgpt.com/c/abc', html);      // fixture at the real hostname, bytes from this process
 *   const tab = await s.openPage('https://chatgpt.com/c/abc');
 *   const rows = await s.readStore('messages');          // rows of the extension's `coevo` IndexedDB
 *   const popup = await s.openExtensionPage('popup.html');
 *   expect(s.net.unserved()).toEqual([]);                // nothing tried to reach a host without a fixture
 *   await s.close();                                     // browser, fake network and temporary profile gone
 *
 * Why Marionette and not WebDriver BiDi (puppeteer-core): Firefox's BiDi does not script or report moz-extension://
 * contexts yet (Mozilla bug 1755014, still so in firefox-esr 153), so it cannot open the popup or the dashboard, and a
 * browser takes one WebDriver session, so BiDi for web pages and Marionette for extension pages cannot be combined.
 * Marionette (Firefox's own WebDriver transport, what geckodriver speaks) does both; see marionette.ts.
 *
 * The add-on is installed as a temporary add-on (Marionette's Addon:Install, as about:debugging does), the build a
 * person loads, except that (like the Chromium e2e build, see tests/e2e/harness.ts and wxt.config.ts)
 * `COEVO_E2E_GRANT=1` declares the sites as host permissions, because nobody can click Firefox's permission prompt in
 * a headless run; Firefox grants an MV3 add-on's declared host permissions at install. Its moz-extension:// UUID is
 * fixed through the `extensions.webextensions.uuids` pref so tests can open its pages.
 *
 * Network: see fake-net.ts. Every request of the browser goes to one proxy on 127.0.0.1 that answers it itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ensureBuild, findBrowser, poll, ROOT } from '../e2e/shared';
import { startFakeNet, type FakeNet } from './fake-net';
import { MarionetteSession } from './marionette';

export { ROOT };
/** The Firefox e2e build (kept apart from .output/firefox-mv3, the production build). */
const FIREFOX_E2E_DIR = join(ROOT, '.output', 'e2e', 'firefox-mv3');
const GECKO_ID = 'coevo@coevo.invalid';

const firefoxPath = (): string =>
  findBrowser(
    'COEVO_FIREFOX',
    ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    "No Firefox found: install Debian's `firefox-esr` (apt-get install -y firefox-esr) or set COEVO_FIREFOX.",
  );

/** The Firefox e2e variant in .output/e2e/firefox-mv3, built when missing or stale (`COEVO_FIREFOX_E2E_DIR` names a prebuilt one). */
const ensureFirefoxE2EBuild = (): string =>
  ensureBuild({
    dir: FIREFOX_E2E_DIR,
    prebuiltEnv: 'COEVO_FIREFOX_E2E_DIR',
    sources: [
      'capture',
      'sites',
      'entrypoints',
      'background',
      'messaging',
      'model',
      'storage',
      'components',
      'donation',
      'analysis',
      'importers',
      'sample',
      'collector',
      'public',
    ],
    wxtArgs: ['-b', 'firefox'],
    onBuilt: (ms) => console.info(`e2e-firefox: built ${FIREFOX_E2E_DIR} in ${(ms / 1000).toFixed(1)} s`),
  });

/** Firefox prefs for a test profile: all traffic to the fake network, none of Firefox's own background calls. */
function prefs(proxyPort: number, uuid: string): Record<string, unknown> {
  return {
    // Every http/https/ws request goes to the fake network's proxy; never around it.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.failover_direct': false,
    'network.proxy.socks_remote_dns': true,
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.predictor.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'services.settings.server': 'http://127.0.0.1:1/',
    'messaging-system.rsexperimentloader.enabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'dom.push.enabled': false,
    'media.gmp-manager.url': '',
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-gmpopenh264.enabled': false,
    'media.gmp-widevinecdm.enabled': false,
    'security.OCSP.enabled': 0,
    'browser.region.network.url': '',
    'geo.provider.network.url': '',
    'identity.fxaccounts.enabled': false,
    // A quiet test profile: no first-run pages, no update or default-browser checks, no slow-script dialogs.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'browser.aboutwelcome.enabled': false,
    'startup.homepage_welcome_url': 'about:blank',
    'startup.homepage_welcome_url.additional': '',
    'browser.newtabpage.enabled': false,
    'browser.warnOnQuit': false,
    'browser.tabs.warnOnClose': false,
    'app.update.disabledForTesting': true,
    'app.update.checkInstallTime': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'dom.max_script_run_time': 0,
    'dom.max_chrome_script_run_time': 0,
    'dom.disable_open_during_load': false,
    'extensions.autoDisableScopes': 0,
    'extensions.enabledScopes': 5,
    'browser.sessionstore.resume_from_crash': false,
    // The add-on's moz-extension://<uuid>/ is chosen here, so tests can open its pages.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
  };
}

/** A tab, driven over Marionette: an extension page or a web page. */
export interface Tab {
  /** Runs an async function body in the page (`args` are its arguments) and returns its result. */
  run<T = any>(body: string, ...args: unknown[]): Promise<T>;
  text(): Promise<string>;
  /** A real click (Marionette's input path, with user activation) on the element matching `css`, once it exists. */
  click(css: string): Promise<void>;
  /** Chooses a file in an <input type=file>. */
  setFile(css: string, path: string): Promise<void>;
  /** Waits until an element matching `css` exists. */
  waitFor(css: string, timeout?: number): Promise<void>;
  /** Navigates this tab (a full URL, or a path of the extension). */
  navigate(url: string): Promise<void>;
  close(): Promise<void>;
}

export interface FirefoxSession {
  net: FakeNet;
  /** moz-extension://<uuid>/ */
  extensionOrigin: string;
  extensionDir: string;
  /** The id Firefox reports for the installed add-on (the manifest's gecko id). */
  addonId: string;
  /** Opens a URL (served by `net`) in a new tab. */
  openPage(url: string): Promise<Tab>;
  /** Opens one of the extension's pages (e.g. 'popup.html', 'dashboard.html#/import') in a new tab. */
  openExtensionPage(path: string): Promise<Tab>;
  /** Sends one protocol message from an extension page, as the popup and dashboard do. */
  send<T = any>(type: string, payload: object): Promise<T>;
  /** All rows of one table of the extension's `coevo` IndexedDB, read in an extension page. */
  readStore<T = any>(table: string): Promise<T[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function launchFirefox(opts: { extensionDir?: string } = {}): Promise<FirefoxSession> {
  const extensionDir = opts.extensionDir ?? ensureFirefoxE2EBuild();
  const net = await startFakeNet();
  const uuid = randomUUID();
  const extensionOrigin = `moz-extension://${uuid}/`;
  const marionettePort = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'coevo-ff-e2e-'));
  const all = { ...prefs(net.port, uuid), 'marionette.port': marionettePort };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(all)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n',
  );

  const log: string[] = [];
  // Its own process group (detached), so closing ends Firefox and all its content processes by that one id.
  const firefox: ChildProcess = spawn(
    firefoxPath(),
    ['--headless', '--no-remote', '--marionette', '--remote-allow-system-access', '--profile', profile, 'about:blank'],
    { env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
    if (process.env.COEVO_E2E_DUMPIO === '1') process.stderr.write(d);
  };
  firefox.stdout?.on('data', keep);
  firefox.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => firefox.once('exit', () => r()));
  const alive = () => firefox.exitCode === null && firefox.signalCode === null;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (firefox.pid) process.kill(-firefox.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Last resort if the test process ends without close() (a crash, a killed worker): no Firefox or profile left behind.
  const onExit = () => {
    killGroup('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const within = (p: Promise<unknown>, ms: number) => Promise.race([p, new Promise((r) => setTimeout(r, ms))]);

  let marionette: MarionetteSession;
  let addonId: string;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (alive()) {
      killGroup('SIGTERM');
      await within(exited, 10_000);
      if (alive()) killGroup('SIGKILL');
      await within(exited, 10_000);
    }
    // Content processes of a Firefox that quit on its own may outlive it for a moment.
    killGroup('SIGKILL');
    await net.stop();
    rmSync(profile, { recursive: true, force: true });
    process.removeListener('exit', onExit);
  };
  const started = Date.now();
  try {
    marionette = await MarionetteSession.start(marionettePort, 120_000);
    addonId = await marionette.installTemporaryAddon(extensionDir);
    console.info(`e2e-firefox: ${firefoxPath()} started and the add-on installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    await stop();
    throw new Error(`Firefox did not start with the extension: ${(e as Error).message}\n${log.join('').slice(-2000)}`);
  }

  // Marionette has one current tab per session: tab operations take turns and switch to their tab first.
  let queue: Promise<unknown> = Promise.resolve();
  const turn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const full = (u: string) => (/^[a-z-]+:/.test(u) ? u : extensionOrigin + u.replace(/^\//, ''));

  const openTab = async (url: string): Promise<Tab> => {
    const handle = await turn(async () => {
      const h = await marionette.newTab();
      await marionette.switchTo(h);
      await marionette.navigate(full(url));
      return h;
    });
    const on = <T>(fn: () => Promise<T>) =>
      turn(async () => {
        await marionette.switchTo(handle);
        return fn();
      });
    const tab: Tab = {
      run: (body, ...args) => on(() => marionette.execAsync(body, args)),
      text: () => on(() => marionette.exec<string>('return document.body.innerText')),
      async click(css) {
        await tab.waitFor(css);
        await on(() => marionette.click(css));
      },
      async setFile(css, file) {
        await tab.waitFor(css);
        await on(() => marionette.sendKeys(css, file));
      },
      async waitFor(css, timeout = 30_000) {
        await waitFor(() => on(() => marionette.exec<boolean>('return !!document.querySelector(arguments[0])', [css])), { timeout, what: css });
      },
      navigate: (u) => on(() => marionette.navigate(full(u))),
      close: () => on(() => marionette.closeTab()),
    };
    return tab;
  };

  let storeTab: Promise<Tab> | null = null;
  const store = () => (storeTab ??= openTab('popup.html'));
  const session: FirefoxSession = {
    net,
    extensionOrigin,
    extensionDir,
    addonId,
    openPage: openTab,
    openExtensionPage: openTab,
    async send(type, payload) {
      return (await store()).run('return await browser.runtime.sendMessage({ coevo: 1, type: args[0], payload: args[1] });', type, payload);
    },
    async readStore(table) {
      return (await store()).run(
        `return await new Promise((res, rej) => {
          const open = indexedDB.open('coevo');
          open.onerror = () => rej(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(args[0])) { db.close(); return res([]); }
            const req = db.transaction(args[0], 'readonly').objectStore(args[0]).getAll();
            req.onsuccess = () => { db.close(); res(req.result); };
            req.onerror = () => rej(req.error);
          };
        });`,
        table,
      );
    },
    async close() {
      if (stopped) return;
      // Quit the way a person would (profile flushed), then make sure of it.
      await within(marionette.quit(), 5_000);
      await within(exited, 15_000);
      await stop();
    },
  };
  return session;
}

/** Polls `fn` until it returns a truthy value (returned) or the timeout passes (throws with the last value). */
export const waitFor = <T>(fn: () => Promise<T> | T, { timeout = 20_000, interval = 200, what = 'condition' } = {}): Promise<NonNullable<T>> =>
  poll(fn, { timeout, interval, what });
