/**
 * What adapters would otherwise repeat, so an adapter file states only what is particular to its site:
 * `defineSiteAdapter` (manifest match patterns from the hosts, "is this a page of the site that can hold a
 * conversation" from its paths, the conversation id from the first capture group of a path pattern) and
 * `readMessages` (the page's messages in order, the last reply flagged while the site is still writing it).
 */
import type { SiteId } from '../model/types';
import type { ParsedMessage, ParsedPage, SiteAdapter } from './types';

export interface SiteDefinition {
  id: SiteId;
  /** Exact hostnames. */
  hosts: string[];
  /**
   * Manifest match patterns, when the site is only part of its hosts (HuggingChat is `/chat` on huggingface.co,
   * which serves the whole Hub); otherwise `https://<host>/*` for each host.
   */
  matches?: string[];
  /**
   * Paths of pages that can hold a conversation besides `conversationPath` (new-chat pages, a bot's own page): a
   * pattern, or a test for paths a pattern states badly (Poe: any one segment except Poe's own pages).
   */
  chatPath: RegExp | ((path: string) => boolean);
  /** Paths of a stored conversation, its id in the first capture group; such pages always hold a conversation. */
  conversationPath: RegExp;
  sampleUrls: string[];
  root: SiteAdapter['root'];
  parse(root: ParentNode, url: URL): ParsedPage;
}

export function defineSiteAdapter(def: SiteDefinition): SiteAdapter {
  const { id, hosts, chatPath, conversationPath, sampleUrls, root, parse } = def;
  const isChatPath = typeof chatPath === 'function' ? chatPath : (path: string) => chatPath.test(path);
  return {
    id,
    hosts,
    matches: def.matches ?? hosts.map((h) => `https://${h}/*`),
    sampleUrls,
    matchesUrl: (url) => url.protocol === 'https:' && hosts.includes(url.hostname) && (conversationPath.test(url.pathname) || isChatPath(url.pathname)),
    conversationIdFromUrl: (url) => (hosts.includes(url.hostname) ? (conversationPath.exec(url.pathname)?.[1] ?? null) : null),
    root,
    parse,
  };
}

/**
 * The messages of a page's message elements, in order. The last one, when it is a reply that `finished` says the
 * site has not finished yet (no action row under it), is flagged `streaming`, and so is the page. A reply with
 * neither text nor extras is the empty shell shown before the first token: it is left out, though the page still
 * counts as streaming.
 */
export function readMessages(
  els: readonly Element[],
  read: (el: Element) => ParsedMessage,
  finished: (el: Element) => boolean,
): { messages: ParsedMessage[]; streaming: boolean } {
  const messages: ParsedMessage[] = [];
  let streaming = false;
  els.forEach((el, i) => {
    const m = read(el);
    if (m.role === 'assistant' && i === els.length - 1 && !finished(el)) {
      m.streaming = true;
      streaming = true;
    }
    if (m.text || m.extras?.length) messages.push(m);
  });
  return { messages, streaming };
}
