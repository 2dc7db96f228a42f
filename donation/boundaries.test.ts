/**
 * donation/ is pure: it runs in Node (CLI, collector, tests) and in the extension alike, so it imports only model/,
 * analysis/, its own files and age-encryption — never the browser, WXT, Dexie or the extension's glue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('donation/ import boundary', () => {
  it('imports only model/, analysis/, itself and age-encryption', () => {
    const dir = __dirname;
    const bad: string[] = [];
    for (const f of readdirSync(dir).filter((n) => /\.ts$/.test(n) && !n.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const ok = spec === 'age-encryption' || /^\.\/[\w.-]+$/.test(spec) || /^\.\.\/(model|analysis)\//.test(spec);
        if (!ok) bad.push(`${f} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
