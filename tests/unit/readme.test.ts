/**
 * The README stays true by test: the two commands, a row per supported site, and every screenshot it shows exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_IDS, SITE_NAMES } from '../../model/types';
import { SITES } from '../../sites/registry';

const ROOT = resolve(__dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('README', () => {
  it('gives the two set-up commands, and both exist', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(pkg.scripts.start).toBeTruthy();
    expect(pkg.scripts.test).toBeTruthy();
  });

  it.each(SITE_IDS)('has a supported-sites row for %s naming one of its hosts', (id) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| ${SITE_NAMES[id]} |`));
    expect(row, `a row starting "| ${SITE_NAMES[id]} |"`).toBeDefined();
    expect(SITES[id].hosts.some((h) => row!.includes(h))).toBe(true);
  });

  it('shows only screenshots that exist', () => {
    const images = [...readme.matchAll(/\((docs\/screenshots\/[^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(5);
    for (const img of images) expect(existsSync(join(ROOT, img)), img).toBe(true);
  });

  it('mentions every npm script a reader is told to run', () => {
    for (const m of readme.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(m[1]);
  });
});
