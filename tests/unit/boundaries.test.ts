/**
 * Import boundaries, checked by a test instead of by memory: the pure core (model, sites, importers,
 * analysis) never reaches the browser, WXT, Dexie or the extension's glue, so the CLI and plain vitest can run
 * it; `model/` imports nothing of the project.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === 'node_modules' || name === 'fixtures') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const FORBIDDEN = [/^wxt(\/|$)/, /^webextension-polyfill$/, /^dexie/, /^#imports$/, /^@wxt-dev\//];
const PURE = ['model', 'sites', 'importers', 'analysis'];

describe('import boundaries', () => {
  it.each(PURE)('%s/ imports no browser, WXT, Dexie or glue code', (dir) => {
    const bad: string[] = [];
    for (const f of sources(dir)) {
      for (const spec of imports(f)) {
        const target = spec.startsWith('.') ? relative(ROOT, resolve(f, '..', spec)) : spec;
        const glue = /^(entrypoints|storage|messaging|background|capture|components)(\/|$)/.test(target);
        if (FORBIDDEN.some((r) => r.test(spec)) || glue) bad.push(`${relative(ROOT, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  // Captured text is hostile input. web-ext lint flags innerHTML in the bundle, but Preact's own
  // dangerouslySetInnerHTML support is always there, so the lint can only fail on errors; this keeps our code clean.
  it('no source writes HTML from strings (innerHTML, outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML)', () => {
    const bad: string[] = [];
    for (const dir of ['model', 'sites', 'importers', 'analysis', 'capture', 'components', 'entrypoints', 'background', 'storage', 'messaging', 'sample']) {
      let files: string[] = [];
      try {
        files = sources(dir);
      } catch {
        continue;
      }
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        if (/\.(innerHTML|outerHTML)\s*=[^=]|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write\(/.test(text)) bad.push(relative(ROOT, f));
      }
    }
    expect(bad).toEqual([]);
  });

  it('model/ imports nothing else of the project', () => {
    const bad = sources('model').flatMap((f) =>
      imports(f)
        .filter((s) => s.startsWith('.') && !relative(ROOT, resolve(f, '..', s)).startsWith('model'))
        .map((s) => `${relative(ROOT, f)} → ${s}`),
    );
    expect(bad).toEqual([]);
  });
});
