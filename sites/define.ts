/**
 * `defineSiteAdapter`: the part every adapter used to repeat — manifest match patterns from the hosts, "is this a
 * page of the site that can hold a conversation" from a path pattern, and the conversation id from the first
 * capture group of another — so an adapter file states only what is particular to its site.
 */
import type { SiteId } from '../model/types';
import type { ParsedPage, SiteAdapter } from './types';
import { idFromPath } from './url';

export interface SiteDefinition {
  id: SiteId;
  /** Exact hostnames; the manifest patterns are `https://<host>/*`. */
  hosts: string[];
  /** Paths of pages that can hold a conversation (new-chat pages included). */
  chatPath: RegExp;
  /** Paths of a stored conversation, its id in the first capture group. */
  conversationPath: RegExp;
  sampleUrls: string[];
  root: SiteAdapter['root'];
  parse(root: ParentNode, url: URL): ParsedPage;
}

export function defineSiteAdapter(def: SiteDefinition): SiteAdapter {
  const { id, hosts, chatPath, conversationPath, sampleUrls, root, parse } = def;
  return {
    id,
    hosts,
    matches: hosts.map((h) => `https://${h}/*`),
    sampleUrls,
    matchesUrl: (url) => url.protocol === 'https:' && hosts.includes(url.hostname) && chatPath.test(url.pathname),
    conversationIdFromUrl: idFromPath(hosts, conversationPath),
    root,
    parse,
  };
}
