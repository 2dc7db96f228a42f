// Convention check: every tagger file is registered, and every tag type has a tagger that can emit it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAG_TYPES } from '../model/tags';
import { TAGGERS } from './registry';
import type { Tagger } from './types';

describe('tagger registry', () => {
  it('registers every tagger file under analysis/taggers', async () => {
    const dir = join(__dirname, 'taggers');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const registered = new Set(Object.values(TAGGERS));
    for (const f of files) {
      const mod = (await import(`./taggers/${f.replace(/\.ts$/, '')}`)) as { tagger?: Tagger };
      expect(mod.tagger, `${f} exports a tagger`).toBeDefined();
      expect(registered.has(mod.tagger!), `${f} is in analysis/registry.ts`).toBe(true);
    }
  });

  it('covers every tag type', () => {
    const emitted = new Set(Object.values(TAGGERS).flatMap((t) => t.types));
    expect([...TAG_TYPES].filter((t) => !emitted.has(t))).toEqual([]);
  });
});
