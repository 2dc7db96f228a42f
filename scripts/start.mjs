#!/usr/bin/env node
// `npm start`: builds Coevo (Chrome/Edge MV3) and opens a Chromium/Chrome window with it loaded, using a
// profile of its own (~/.cache/coevo/profile, or $COEVO_PROFILE) so captured data survives restarts. Browser path: $COEVO_BROWSER, else
// /usr/bin/chromium, else chromium / chromium-browser / google-chrome / chrome on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserArgs, ROOT_WARNING, runningAsRoot } from './start-lib.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = join(repo, '.output', 'chrome-mv3');
const profileDir = process.env.COEVO_PROFILE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'coevo', 'profile');

function fail(msg) {
  console.error(`coevo start: ${msg}`);
  process.exit(1);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

function findBrowser() {
  const fromEnv = process.env.COEVO_BROWSER;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`COEVO_BROWSER=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const mac = '/Applications/Chromium.app/Contents/MacOS/Chromium';
  const candidates = ['/usr/bin/chromium', mac];
  for (const c of candidates) if (existsSync(c)) return c;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']) {
    const p = onPath(name);
    if (p) return p;
  }
  return null;
}

const browser = findBrowser();
if (!browser)
  fail(
    'no Chromium or Chrome found. Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) or set ' +
      'COEVO_BROWSER to a Chromium-based browser. You can also load .output/chrome-mv3 by hand: ' +
      'chrome://extensions → Developer mode → Load unpacked (after `npm run build`).',
  );
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
  fail(
    'no display: $DISPLAY (and $WAYLAND_DISPLAY) is not set, so no browser window can open here. Run this on a ' +
      'desktop session, or use `xvfb-run npm start`; the tests (`npm test`) run headless and need no display.',
  );
if (/google-chrome|Google Chrome|\/chrome$/.test(browser))
  console.warn(
    'coevo start: note: branded Google Chrome 137+ ignores --load-extension. If Coevo does not appear, use ' +
      'Chromium (set COEVO_BROWSER) or load .output/chrome-mv3 via chrome://extensions → Load unpacked.',
  );

console.log('coevo start: building the extension (wxt build) …');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: repo, stdio: 'inherit', env: { ...process.env, COEVO_E2E_GRANT: '' } });
if (build.status !== 0) fail('the build failed (see above).');
if (!existsSync(join(extensionDir, 'manifest.json'))) fail(`no build found at ${extensionDir}.`);

mkdirSync(profileDir, { recursive: true });
console.log(`coevo start: opening ${browser} with Coevo loaded (profile: ${profileDir}).`);
console.log(
  'coevo start: the dashboard opens on its first-run page. Then open your assistant (e.g. chatgpt.com), click the Coevo icon (puzzle menu → pin it) and press "Capture".',
);
const root = runningAsRoot();
if (root) console.warn(ROOT_WARNING);
// Chromium names an unpacked extension by its real (symlink-free) path; the dashboard URL needs that id.
const child = spawn(browser, browserArgs({ profileDir, extensionDir: realpathSync(extensionDir), root }), { stdio: 'inherit' });
child.on('error', (e) => fail(`could not start ${browser}: ${e.message}`));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
