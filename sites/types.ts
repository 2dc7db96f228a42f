/**
 * The contract of a site adapter: everything Coevo knows about one assistant site, as data plus one pure
 * `parse` function. Adapters import only `model/`; they have no timers, observers or messaging (the capture
 * loop in `capture/` owns those), which is what lets vitest and the CLI run them on saved HTML.
 */
import type { Role, SiteId, TimeSource } from '../model/types';

/** One message as read from the page, before ids are assigned by the capture loop. */
export interface ParsedMessage {
  role: Role;
  /** Clean plain text (no labels, chrome, thinking panels; code fenced; lists/tables readable). */
  text: string;
  /** The site's own message id when the DOM carries one (e.g. ChatGPT `data-message-id`). */
  siteMessageId?: string;
  /** Epoch ms when the page itself states the time; otherwise omitted. */
  time?: number;
  timeSource?: Extract<TimeSource, 'site'>;
  model?: string;
  /** For a regenerated reply / edited prompt: which variant is shown ("2/3" → {index:1,count:3}). */
  variant?: { index: number; count: number };
  /** True while this (assistant) message is still streaming. */
  streaming?: boolean;
  extras?: { kind: 'thinking' | 'tool' | 'attachment' | 'citation' | 'other'; text: string }[];
}

export interface ParsedPage {
  /** The site's conversation id (from the URL, or the page when the URL has none yet). */
  siteConversationId: string | null;
  title?: string;
  model?: string;
  messages: ParsedMessage[];
  /** True while any reply on the page is still being generated. */
  streaming: boolean;
}

export interface SiteAdapter {
  id: SiteId;
  /** Hostnames served by this site (exact), e.g. ['chatgpt.com', 'chat.openai.com']. */
  hosts: string[];
  /** Match patterns for the manifest / runtime host permission, e.g. ['https://chatgpt.com/*']. */
  matches: string[];
  /** URLs of real conversation pages this adapter must accept (and every other adapter must reject). */
  sampleUrls: string[];
  /** True when `url` is a page of this site that can hold a conversation. */
  matchesUrl(url: URL): boolean;
  /** The site's conversation id for a URL, or null (new chat, settings page, …). */
  conversationIdFromUrl(url: URL): string | null;
  /**
   * The element whose subtree holds the conversation; the capture loop observes only this.
   * Return null when the page has not rendered it yet.
   */
  root(doc: Document): Element | null;
  /** Read the conversation from the page. Pure: no globals beyond the given nodes, no side effects. */
  parse(root: ParentNode, url: URL): ParsedPage;
}
