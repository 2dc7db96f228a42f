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

/**
 * Per site, the URLs its adapter must accept, each with the conversation id it names (null: a page that can hold a
 * chat but names none yet), and URLs it must reject: other pages of the site, look-alike hosts, plain http.
 */
const URLS: Record<SiteId, { accept: [string, string | null][]; reject: string[] }> = {
  chatgpt: {
    accept: [
      ['https://chatgpt.com/c/6789abcd-1234-8000-9abc-0123456789ab', '6789abcd-1234-8000-9abc-0123456789ab'],
      ['https://chat.openai.com/c/00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'],
      ['https://chatgpt.com/g/g-p-67a1b2c3d4e5f-my-project/c/6789abcd-1234', '6789abcd-1234'],
      ['https://chatgpt.com/g/g-abc123-code-helper/c/6789abcd-1234/', '6789abcd-1234'],
      ['https://chatgpt.com/?temporary-chat=true', null],
      ['https://chatgpt.com/', null],
    ],
    reject: ['https://chatgpt.com/share/6789abcd-1234', 'https://chatgpt.com/gpts', 'https://chatgpt.com/auth/login', 'https://openai.com/c/1'],
  },
  claude: {
    accept: [
      ['https://claude.ai/chat/c4ff4c4f-9878-46c3-a007-e7197548b7a0', 'c4ff4c4f-9878-46c3-a007-e7197548b7a0'],
      ['https://claude.ai/new', null],
      ['https://claude.ai/', null],
    ],
    reject: ['https://claude.ai/projects', 'https://claude.ai/settings/profile', 'https://claude.com/chat/c4ff4c4f-9878'],
  },
  gemini: {
    accept: [
      ['https://gemini.google.com/app/f1x7u0e0000000b2', 'f1x7u0e0000000b2'],
      ['https://gemini.google.com/u/1/app/8798be9d525cb25b', '8798be9d525cb25b'],
      ['https://gemini.google.com/gem/coding-partner/0a1b2c3d4e5f6a7b', '0a1b2c3d4e5f6a7b'],
      ['https://gemini.google.com/gem/coding-partner', null],
      ['https://gemini.google.com/app', null],
    ],
    reject: ['https://gemini.google.com/', 'https://gemini.google.com/gems/view', 'https://gemini.google.com/mystuff', 'https://bard.google.com/app/1'],
  },
  copilot: {
    accept: [
      ['https://copilot.microsoft.com/chats/fXbx2yBqE7j3kzWbTMkUe', 'fXbx2yBqE7j3kzWbTMkUe'],
      ['https://www.copilot.com/chats/A9AQcaemEJqFbKsZYUASu', 'A9AQcaemEJqFbKsZYUASu'],
      ['https://copilot.microsoft.com/', null],
    ],
    reject: ['https://copilot.microsoft.com/pages/abc', 'https://github.com/copilot', 'https://www.bing.com/chat'],
  },
  perplexity: {
    accept: [
      ['https://www.perplexity.ai/search/how-can-i-write-a-python-progr-T.BI3UbIQ_mW2V5XRp34xQ', 'how-can-i-write-a-python-progr-T.BI3UbIQ_mW2V5XRp34xQ'],
      ['https://www.perplexity.ai/', null],
      ['https://www.perplexity.ai/search/new?q=hello', null],
    ],
    reject: ['https://www.perplexity.ai/discover', 'https://www.perplexity.ai/library', 'https://docs.perplexity.ai/search/abc'],
  },
  deepseek: {
    accept: [
      ['https://chat.deepseek.com/a/chat/s/5f0c2a9e-7d41-4b8e-9c3a-2e1f6b7d8a90', '5f0c2a9e-7d41-4b8e-9c3a-2e1f6b7d8a90'],
      ['https://chat.deepseek.com/', null],
    ],
    reject: [
      'https://chat.deepseek.com/sign_in',
      'https://platform.deepseek.com/a/chat/s/5f0c2a9e-7d41-4b8e-9c3a-2e1f6b7d8a90',
      'http://chat.deepseek.com/a/chat/s/5f0c2a9e-7d41-4b8e-9c3a-2e1f6b7d8a90',
    ],
  },
  grok: {
    accept: [
      ['https://grok.com/c/5d2a8c3e-0b7f-4e61-9a2d-3c4b5a6f7e8d', '5d2a8c3e-0b7f-4e61-9a2d-3c4b5a6f7e8d'],
      ['https://grok.com/', null],
    ],
    reject: ['https://x.com/i/grok?conversation=1', 'https://grok.com/imagine', 'https://grok.com/share/abc'],
  },
  mistral: {
    accept: [
      ['https://chat.mistral.ai/chat/3e2b7c1d-8f4a-4c6e-9b1d-2a3c4e5f6a7b', '3e2b7c1d-8f4a-4c6e-9b1d-2a3c4e5f6a7b'],
      ['https://chat.mistral.ai/chat', null],
    ],
    reject: [
      'https://chat.mistral.ai/agents',
      'https://mistral.ai/chat/3e2b7c1d-8f4a-4c6e-9b1d-2a3c4e5f6a7b',
      'https://console.mistral.ai/chat/3e2b7c1d-8f4a-4c6e-9b1d-2a3c4e5f6a7b',
    ],
  },
  poe: {
    accept: [
      ['https://poe.com/chat/2s9k4xq7p1mzbd3wv8e', '2s9k4xq7p1mzbd3wv8e'],
      ['https://poe.com/Claude-Sonnet-4.5', null],
      ['https://poe.com/GPT-5', null],
    ],
    reject: ['https://poe.com/explore', 'https://poe.com/settings', 'https://poe.com/chats', 'https://poe.com/', 'https://creator.poe.com/docs'],
  },
  huggingchat: {
    accept: [
      ['https://huggingface.co/chat/conversation/6748a0c2e4b0f1a2b3c4d5e6', '6748a0c2e4b0f1a2b3c4d5e6'],
      ['https://huggingface.co/chat/', null],
      ['https://huggingface.co/chat', null],
      ['https://huggingface.co/chat/settings/omni', null],
      // A 7-character id is a read-only share snapshot, not a conversation of the person's own.
      ['https://huggingface.co/chat/conversation/abc1234', null],
    ],
    reject: ['https://huggingface.co/models', 'https://huggingface.co/spaces/foo/chat', 'https://hf.co/chat/conversation/6748a0c2e4b0f1a2b3c4d5e6'],
  },
  metaai: {
    accept: [
      ['https://www.meta.ai/prompt/8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f', '8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f'],
      ['https://www.meta.ai/c/2fe13421-efcc-4be0-811e-dfbec83d5dd6', '2fe13421-efcc-4be0-811e-dfbec83d5dd6'],
      ['https://www.meta.ai/', null],
    ],
    reject: ['https://www.meta.ai/media', 'https://www.meta.ai/settings', 'https://ai.meta.com/prompt/8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f'],
  },
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

  it.each([...SITE_IDS])('%s accepts its own pages with the ids they name, and rejects the rest', (site) => {
    const own = SITES[site];
    for (const [raw, id] of URLS[site].accept) {
      expect(own.matchesUrl(new URL(raw)), raw).toBe(true);
      expect(own.conversationIdFromUrl(new URL(raw)), raw).toBe(id);
      expect(
        own.matches.some((m) => patternCovers(m, new URL(raw))),
        `a match pattern covers ${raw}`,
      ).toBe(true);
      for (const other of Object.values(SITES)) if (other.id !== site) expect(other.matchesUrl(new URL(raw)), `${other.id} must reject ${raw}`).toBe(false);
    }
    for (const raw of URLS[site].reject) {
      const url = new URL(raw);
      expect(own.matchesUrl(url), raw).toBe(false);
      // A page it rejects names no conversation either, unless only its scheme is wrong.
      if (url.protocol === 'https:') expect(own.conversationIdFromUrl(url), raw).toBeNull();
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
