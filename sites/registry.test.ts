// @vitest-environment happy-dom
/**
 * Meta-test of the site conventions (refined-github style), so they are checked by a test, not by memory, and
 * every adapter goes through the same checks: every SiteId has an adapter made by `defineSiteAdapter`; every
 * adapter has fixture pairs that render on their own, parse to exactly the expected messages (the last one still
 * streaming exactly when the fixture says so) and read the same through the capture loop's block-by-block reader;
 * a new-chat page reads as empty and finished; sample URLs are accepted by their own adapter, covered by its
 * manifest patterns and rejected by every other one; every site has a row in sites/README.md. What is particular
 * to one site is tested in `sites/<id>/adapter.test.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IncrementalReader, listContainer } from '../capture/incremental';
import { SITE_IDS, type SiteId } from '../model/types';
import { SITES, adapterForUrl } from './registry';
import { siteFixtures } from './test-fixtures';

const here = dirname(fileURLToPath(import.meta.url));

/** A page of each site that can hold a conversation but has none yet (new chat, a bot's page). */
const NEW_CHAT_URLS: Record<SiteId, string> = {
  chatgpt: 'https://chatgpt.com/',
  claude: 'https://claude.ai/new',
  gemini: 'https://gemini.google.com/app',
  copilot: 'https://copilot.microsoft.com/',
  perplexity: 'https://www.perplexity.ai/',
  deepseek: 'https://chat.deepseek.com/',
  grok: 'https://grok.com/',
  mistral: 'https://chat.mistral.ai/chat',
  poe: 'https://poe.com/GPT-5',
  huggingchat: 'https://huggingface.co/chat/',
  metaai: 'https://www.meta.ai/',
};

/** Whether a manifest match pattern (`https://host/path*`, the only form adapters use) covers a URL. */
function patternCovers(pattern: string, url: URL): boolean {
  const m = /^(https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const path = new RegExp(`^${m[3]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return url.protocol === `${m[1]}:` && url.hostname === m[2] && path.test(url.pathname + url.search);
}

const fixtures = SITE_IDS.flatMap((site) =>
  siteFixtures(site)
    .names()
    .map((name) => ({ site, name })),
);
const expectedOf = (site: SiteId, name: string) => siteFixtures(site).expected(name);

describe('site registry', () => {
  it('has an adapter for every SiteId, under its own id', () => {
    expect(Object.keys(SITES).sort()).toEqual([...SITE_IDS].sort());
    for (const id of SITE_IDS) expect(SITES[id].id).toBe(id);
  });

  it.each([...SITE_IDS])('%s has at least one fixture pair', (site) => {
    const names = siteFixtures(site).names();
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

  it.each([...SITE_IDS])('%s reads a conversation id from each sample URL but its new-chat page', (site) => {
    const own = SITES[site];
    for (const raw of own.sampleUrls) {
      const id = own.conversationIdFromUrl(new URL(raw));
      if (raw === NEW_CHAT_URLS[site]) expect(id, raw).toBeNull();
      else expect(id, raw).toMatch(/^[A-Za-z0-9._-]{6,}$/);
    }
  });

  it.each([...SITE_IDS])("%s reads no conversation id from another site's URLs", (site) => {
    const own = SITES[site];
    for (const other of Object.values(SITES)) {
      if (other.id === site) continue;
      for (const raw of other.sampleUrls) expect(own.conversationIdFromUrl(new URL(raw)), `${site} on ${raw}`).toBeNull();
    }
  });

  it.each([...SITE_IDS])('%s has a manifest match pattern for each of its hosts, covering its sample URLs', (site) => {
    const a = SITES[site];
    for (const host of a.hosts)
      expect(
        a.matches.some((m) => m.includes(`//${host}/`)),
        host,
      ).toBe(true);
    for (const raw of [...a.sampleUrls, NEW_CHAT_URLS[site]])
      expect(
        a.matches.some((m) => patternCovers(m, new URL(raw))),
        raw,
      ).toBe(true);
  });

  it.each([...SITE_IDS])('%s is made by defineSiteAdapter (hosts, patterns and URL rules in one place)', (site) => {
    expect(readFileSync(join(here, site, 'adapter.ts'), 'utf8')).toMatch(/\nexport const adapter = defineSiteAdapter\(\{/);
  });

  it.each([...SITE_IDS])('%s reads a new-chat page without messages as an empty, finished page', (site) => {
    const a = SITES[site];
    const url = new URL(NEW_CHAT_URLS[site]);
    expect(a.matchesUrl(url)).toBe(true);
    expect(a.conversationIdFromUrl(url)).toBeNull();
    const doc = new DOMParser().parseFromString(
      '<html><head><title>New chat</title></head><body><main><form><textarea></textarea></form></main></body></html>',
      'text/html',
    );
    for (const root of [a.root(doc), doc]) {
      if (!root) continue;
      const page = a.parse(root, url);
      expect(page.messages).toEqual([]);
      expect(page.streaming).toBe(false);
      expect(page.siteConversationId).toBeNull();
    }
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
    const html = siteFixtures(site).html(name);
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

  it('parses to exactly the expected messages, streaming only where the page is still writing', () => {
    const exp = expectedOf(site, name);
    const doc = siteFixtures(site).load(name);
    const root = adapter.root(doc);
    expect(root, 'root() finds the conversation container').not.toBeNull();
    const page = adapter.parse(root ?? doc, new URL(exp.url));
    expect(page.siteConversationId).toBe(exp.siteConversationId);
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(exp.messages);
    for (const m of page.messages) {
      expect(m.text).toBe(m.text.trim());
      expect(m.text).not.toMatch(/[\u0000-\u0004]/);
    }
    const streaming = exp.streaming === true;
    expect(page.streaming).toBe(streaming);
    expect(page.messages.map((m) => !!m.streaming)).toEqual(page.messages.map((_, i) => streaming && i === page.messages.length - 1));
  });

  it('reads the same block by block, as the capture loop reads it', () => {
    const exp = expectedOf(site, name);
    const doc = siteFixtures(site).load(name);
    const root = adapter.root(doc)!;
    const url = new URL(exp.url);
    const reader = new IncrementalReader(adapter);
    reader.read(root, url);
    const page = reader.read(root, url)!;
    // Block-wise mode: the second read re-parses at most the last block (to refresh its streaming flag); a
    // reader that fell back to full parses would re-read every block of the list.
    expect(listContainer(root).children.length).toBeGreaterThanOrEqual(2);
    expect(reader.lastParsedBlocks).toBeLessThanOrEqual(1);
    const key = (m: { role: string; text: string; siteMessageId?: string }) => [m.role, m.text, m.siteMessageId];
    expect(page.messages.map(key)).toEqual(adapter.parse(root, url).messages.map(key));
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(exp.messages);
    expect(page.streaming).toBe(exp.streaming === true);
  });
});
