/**
 * What the Chromium (tests/e2e/harness.ts) and Firefox (tests/e2e-firefox/harness.ts) harnesses share: finding the
 * browser on this machine, polling, and building the e2e variant of the extension (`COEVO_E2E_GRANT=1`: the sites declared as
 * host permissions, because nobody can click a permission prompt headless; see wxt.config.ts) when it is missing or
 * older than its sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The browser named by the environment variable `envVar`, else the first of `paths` installed; `missing` says how to get one. */
export function findBrowser(envVar: string, paths: string[], missing: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  for (const p of paths) if (existsSync(p)) return p;
  throw new Error(missing);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds an e2e variant of the extension into `dir` (`npx wxt build` with `wxtArgs`) when it is missing or older than
 * the `sources` folders or wxt.config.ts (`COEVO_E2E_BUILD=always` forces a rebuild, `=never` skips the check). A
 * prebuilt one elsewhere (e.g. a CI artefact) can be named by the environment variable `prebuiltEnv`. Returns the
 * folder; `onBuilt` hears how long a build took.
 */
export function ensureBuild(o: { dir: string; prebuiltEnv: string; sources: string[]; wxtArgs: string[]; onBuilt?: (ms: number) => void }): string {
  const prebuilt = process.env[o.prebuiltEnv];
  if (prebuilt) return prebuilt;
  const mode = process.env.COEVO_E2E_BUILD ?? 'auto';
  const manifest = join(o.dir, 'manifest.json');
  if (mode === 'never') return o.dir;
  if (mode === 'auto' && existsSync(manifest)) {
    const built = statSync(manifest).mtimeMs;
    const src = Math.max(...o.sources.map((d) => (existsSync(join(ROOT, d)) ? newestMtime(join(ROOT, d)) : 0)), statSync(join(ROOT, 'wxt.config.ts')).mtimeMs);
    if (built > src) return o.dir;
  }
  const t0 = Date.now();
  execFileSync('npx', ['wxt', 'build', ...o.wxtArgs], { cwd: ROOT, env: { ...process.env, COEVO_E2E_GRANT: '1' }, stdio: 'pipe' });
  o.onBuilt?.(Date.now() - t0);
  return o.dir;
}

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws with the last value). */
export async function poll<T>(
  fn: () => Promise<T> | T,
  { timeout, interval, what }: { timeout: number; interval: number; what: string },
): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
