/**
 * Meta AI (www.meta.ai) adapter: reads the visible conversation into plain messages, without citation pills,
 * thinking status lines or code-block toolbars.
 */
import { defineSiteAdapter, readMessages } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, firstMatch, outermostMatchesWithin, rootAroundMessages } from '../query';
import { labelText, textOf } from '../text';

/**
 * shared/reference/sites.md found no Meta AI selectors. These come from public Meta AI exporters and
 * automation scripts read on 2026-11-27 (found with the code search; their repositories could not be
 * identified, so treat them as leads): messages carry `data-message-id` ending in `_user` / `_assistant`,
 * replies are `[data-testid="assistant-message"]`, citations `[data-testid="citation-pill"]` /
 * `.ur-citation-pill`, markdown is rendered by Streamdown (`data-streamdown=…`). Meta's classes are atomic
 * hashes (`x78zum5`), never used here. Fixture: fixtures/prompt-two-turns.html (synthetic).
 */
const SEL = {
  /** One element per message; the id's suffix names the role ("…_user", "…_assistant"). */
  message: ['[data-message-id$="_user"]', '[data-message-id$="_assistant"]'],
  /** The prompt as typed. */
  userText: ['[data-slot="text"]', '.text-response', '.whitespace-pre-wrap'],
  /** The reply body (without the avatar, status line and action row). */
  answer: ['[data-testid="assistant-message"]'],
  /** Streamdown code block: header (language, Download, Copy) + `pre`. */
  codeBlock: ['[data-streamdown="code-block"]'],
  /** Chrome inside a reply. */
  drop: ['[data-testid="citation-pill"]', '.ur-citation-pill', '[data-testid="thinking-status"]', '[data-streamdown="code-block-header"]'],
  /** Title of the open chat: the header's title button. */
  title: ['main [data-slot="button"] span.truncate'],
  /**
   * What the capture loop observes: the message column when it is an ARIA log (assumed, not documented),
   * else `main`, which holds the whole conversation whatever its inner wrappers.
   */
  root: ['[role="log"]', 'main'],
} as const;

const HOSTS = ['www.meta.ai', 'meta.ai'];
/** `/prompt/{uuid}` (most sources) and `/c/{uuid}` (newer links seen in public code). */
const CONVERSATION_PATH = /^\/(?:prompt|c)\/([A-Za-z0-9-]{8,})\/?$/;

function languageOf(block: Element): string | undefined {
  const lang = block.getAttribute('data-language') ?? block.querySelector('[data-language]')?.getAttribute('data-language');
  return lang || undefined;
}

/**
 * True when the reply shows its action row (Copy, Regenerate): buttons outside its body. No documented
 * "finished" signal exists for Meta AI; the row only appears under a finished reply (assumed).
 */
function hasActionRow(msg: Element): boolean {
  const body = SEL.answer.join(',');
  return Array.from(msg.querySelectorAll('button')).some((b) => !b.closest(body));
}

function parseMessage(el: Element): ParsedMessage {
  const id = el.getAttribute('data-message-id') ?? '';
  if (id.endsWith('_user')) {
    const textEl = firstMatch(el, SEL.userText) ?? el;
    return { role: 'user', text: textOf(textEl, { preserveWhitespace: true }), siteMessageId: id };
  }
  const body = firstMatch(el, SEL.answer) ?? el;
  return {
    role: 'assistant',
    text: textOf(body, { dropSelectors: [...SEL.drop], codeBlockSelectors: [...SEL.codeBlock], languageOf }),
    siteMessageId: id,
  };
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const { messages, streaming } = readMessages(outermostMatchesWithin(root, SEL.message), parseMessage, hasActionRow);
  const page: ParsedPage = { siteConversationId: adapter.conversationIdFromUrl(url), messages, streaming };
  const doc = docOf(root);
  const title = doc ? labelText(firstMatch(doc, SEL.title)) : '';
  if (title) page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'metaai',
  hosts: HOSTS,
  sampleUrls: ['https://www.meta.ai/prompt/8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f', 'https://www.meta.ai/c/2fe13421-efcc-4be0-811e-dfbec83d5dd6'],
  // "/" is the new-chat page; conversations live under /prompt/ or /c/.
  chatPath: /^\/$/,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => rootAroundMessages(doc, SEL.message, SEL.root),
  parse,
});
