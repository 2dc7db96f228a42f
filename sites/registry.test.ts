// @vitest-environment happy-dom
/**
 * Meta-test of the site conventions (refined-github style), so they are checked by a test, not by memory:
 * every SiteId has an adapter; every adapter has fixture pairs that render on their own and parse to exactly
 * the expected messages; sample URLs are accepted by their own adapter and rejected by every other one;
 * every site has a row in sites/README.md.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SITE_IDS, type SiteId } from '../model/types';
import { SITES, adapterForUrl } from './registry';

const here = dirname(fileURLToPath(import.meta.url));

interface Expected {
  url: string;
  siteConversationId: string | null;
  messages: { role: 'user' | 'assistant'; text: string }[];
}

function fixtureNames(site: SiteId): string[] {
  const dir = join(here, site, 'fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.slice(0, -'.expected.json'.length))
    .sort();
}

const fixtures = SITE_IDS.flatMap((site) => fixtureNames(site).map((name) => ({ site, name })));
const read = (site: SiteId, file: string) => readFileSync(join(here, site, 'fixtures', file), 'utf8');
const expectedOf = (site: SiteId, name: string): Expected => JSON.parse(read(site, `${name}.expected.json`));

describe('site registry', () => {
  it('has an adapter for every SiteId, under its own id', () => {
    expect(Object.keys(SITES).sort()).toEqual([...SITE_IDS].sort());
    for (const id of SITE_IDS) expect(SITES[id].id).toBe(id);
  });

  it.each([...SITE_IDS])('%s has at least one fixture pair', (site) => {
    const names = fixtureNames(site);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(existsSync(join(here, site, 'fixtures', `${n}.html`))).toBe(true);
  });

  it.each([...SITE_IDS])('%s accepts its sample URLs and every other adapter rejects them', (site) => {
    const own = SITES[site];
    expect(own.sampleUrls.length).toBeGreaterThan(0);
    for (const raw of own.sampleUrls) {
      const url = new URL(raw);
      expect(own.matchesUrl(url), raw).toBe(true);
      expect(own.hosts, raw).toContain(url.hostname);
      for (const other of Object.values(SITES)) {
        if (other.id !== site) expect(other.matchesUrl(url), `${other.id} must reject ${raw}`).toBe(false);
      }
      expect(adapterForUrl(raw)?.id).toBe(site);
    }
  });

  it.each([...SITE_IDS])("%s reads no conversation id from another site's URLs", (site) => {
    const own = SITES[site];
    for (const other of Object.values(SITES)) {
      if (other.id === site) continue;
      for (const raw of other.sampleUrls) expect(own.conversationIdFromUrl(new URL(raw)), `${site} on ${raw}`).toBeNull();
    }
  });

  it.each([...SITE_IDS])('%s has a manifest match pattern for each of its hosts', (site) => {
    const a = SITES[site];
    for (const host of a.hosts)
      expect(
        a.matches.some((m) => m.includes(`//${host}/`)),
        host,
      ).toBe(true);
  });

  it('finds no adapter for unrelated or malformed URLs', () => {
    expect(adapterForUrl('https://example.com/c/123')).toBeUndefined();
    expect(adapterForUrl('not a url')).toBeUndefined();
    expect(adapterForUrl('file:///tmp/chatgpt.com/c/1')).toBeUndefined();
  });

  it('gives every fixture its own page URL (the e2e suite serves them side by side)', () => {
    const urls = fixtures.map(({ site, name }) => expectedOf(site, name).url);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('lists every site in sites/README.md', () => {
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    for (const id of SITE_IDS) expect(readme, id).toMatch(new RegExp(`\\|\\s*\`${id}\`\\s*\\|`));
  });
});

describe.each(fixtures)('fixture $site/$name', ({ site, name }) => {
  const adapter = SITES[site];

  it('is a self-contained page (no scripts, no external resources)', () => {
    const html = read(site, `${name}.html`);
    expect(html).toMatch(/^\s*<!doctype html>/i);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b[^>]*\bhref=/i);
    expect(html).not.toMatch(/\s(?:src|srcset)=["']?(?:https?:)?\/\//i);
  });

  it('has a URL its adapter accepts, with the expected conversation id', () => {
    const exp = expectedOf(site, name);
    const url = new URL(exp.url);
    expect(adapter.matchesUrl(url)).toBe(true);
    expect(adapterForUrl(url)?.id).toBe(site);
    expect(adapter.conversationIdFromUrl(url)).toBe(exp.siteConversationId);
  });

  it('parses to exactly the expected messages', () => {
    const exp = expectedOf(site, name);
    const doc = new DOMParser().parseFromString(read(site, `${name}.html`), 'text/html');
    const root = adapter.root(doc);
    expect(root, 'root() finds the conversation container').not.toBeNull();
    const page = adapter.parse(root ?? doc, new URL(exp.url));
    expect(page.siteConversationId).toBe(exp.siteConversationId);
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(exp.messages);
    for (const m of page.messages) {
      expect(m.text).toBe(m.text.trim());
      expect(m.text).not.toMatch(/[\u0000-\u0004]/);
    }
  });

  it('reads the same messages block by block (how the capture loop re-reads only changed turns)', () => {
    const exp = expectedOf(site, name);
    const doc = new DOMParser().parseFromString(read(site, `${name}.html`), 'text/html');
    const root = adapter.root(doc)!;
    // The list container as capture/incremental.ts finds it: the root, or the wrapper it holds alone.
    let list = root;
    for (let d = 0; d < 8 && list.children.length === 1; d++) list = list.children[0]!;
    const url = new URL(exp.url);
    const blockwise = Array.from(list.children).flatMap((b) => adapter.parse(b, url).messages);
    const key = (m: { role: string; text: string; siteMessageId?: string }) => [m.role, m.text, m.siteMessageId];
    expect(blockwise.map(key)).toEqual(adapter.parse(root, url).messages.map(key));
  });
});
