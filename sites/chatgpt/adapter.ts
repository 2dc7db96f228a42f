/**
 * ChatGPT (chatgpt.com, chat.openai.com) adapter: reads the visible branch of a conversation page into plain
 * messages, with ChatGPT's own message ids, the model slug of each reply and the "2/3" variant counter.
 * Works on both turn markups: `<article data-testid="conversation-turn-N">` (until mid-2026) and
 * `<section data-turn="user|assistant">` (since 2026-07); it never selects by tag name.
 */
import type { ParsedMessage, ParsedPage } from '../types';
import { defineSiteAdapter } from '../define';
import { allMatches, commonAncestor, docOf, firstMatch, hasMatch, outermostMatches, outermostMatchesWithin, variantIn } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors, newest first. Fixtures: `fixtures/article-era-2026-01.html` (real, turns are `<article>`),
 * `fixtures/section-era-2026-07.html` (real, turns are `<section data-turn>`), `fixtures/deep-research-2026-07.html`,
 * `fixtures/streaming-variants.html` (synthetic, for the stop button and the variant counter).
 */
const SEL = {
  /** One turn (user or assistant): both eras carry `data-testid="conversation-turn-N"` and `data-turn`. */
  turn: ['[data-testid^="conversation-turn-"]', '[data-turn="user"]', '[data-turn="assistant"]'],
  /** One message inside a turn; an assistant turn can hold several (e.g. a tool step, then the answer). */
  message: ['[data-message-author-role]'],
  /** The typed text of a user message (keeps the person's line breaks). */
  userText: ['.whitespace-pre-wrap'],
  /** Chrome inside a message body (dropped on top of text.ts's buttons, svg, sr-only labels, citation pills). */
  drop: [
    '[data-testid="collapsible-user-message-toggle"]', // "Show more" on long user messages (2026-07)
    '[data-testid$="-turn-action-button"]',
    '[aria-label$="message actions"]',
    '[aria-label="Response actions"]',
  ],
  /** Stop button in the composer while a reply streams (polylogue chatgpt.js, 2026-07; older: aria-labels). */
  stop: ['[data-testid="stop-button"]', 'button[aria-label="Stop generating"]', 'button[aria-label="Stop streaming"]'],
  /** Classes on the reply body while it is still being written (older builds). */
  streamingBody: ['.result-streaming', '.streaming-animation'],
  /**
   * What the capture loop observes: the element holding the turns (its children are the blocks it re-reads
   * one by one; `#thread` itself nests them a few levels down next to other nodes), else the thread while a
   * new chat has no turn yet.
   */
  root: ['#thread', 'main#main', 'main'],
  /** Sidebar entry of the open conversation (ChatGPT shows the title nowhere else; real-capture 2026-01). */
  title: ['#history a[data-active] span[dir="auto"]', 'nav a[data-active]', 'nav a[aria-current="page"]'],
} as const;

const HOSTS = ['chatgpt.com', 'chat.openai.com'];
/** `/c/{id}` and `/g/{gizmo}/c/{id}` (GPTs and projects); `/share/{id}` is someone else's chat, not captured. */
const CONVERSATION_PATH = /^\/(?:c|g\/[A-Za-z0-9-]+\/c)\/([A-Za-z0-9-]+)\/?$/;
/** Pages that can hold a conversation: home (new chat), `/c/…`, `/g/…` (a GPT or a project's chats). */
const CHAT_PATH = /^\/(?:$|c\/|g\/)/;

function roleOf(msg: Element, turn: Element | null): 'user' | 'assistant' | null {
  const r = msg.getAttribute('data-message-author-role') ?? turn?.getAttribute('data-turn');
  return r === 'user' || r === 'assistant' ? r : null;
}

function messageText(msg: Element, role: 'user' | 'assistant'): string {
  const drop = [...SEL.drop];
  if (role === 'user') {
    const typed = firstMatch(msg, SEL.userText);
    if (typed) return textOf(typed, { dropSelectors: drop });
  }
  return textOf(msg, { dropSelectors: drop });
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const doc = docOf(root);
  const stopShown = hasMatch(root, SEL.stop) || (doc !== null && hasMatch(doc, SEL.stop));
  const messages: ParsedMessage[] = [];
  let pageModel: string | undefined;

  // Messages in document order; a turn without a message div (Deep Research: the report is a cross-origin
  // iframe the page cannot read) yields nothing rather than its screen-reader label.
  for (const msg of outermostMatchesWithin(root, SEL.message)) {
    const turn = msg.closest(SEL.turn.join(','));
    const role = roleOf(msg, turn);
    if (!role) continue; // "tool"/"system" rows are not part of the dialogue
    const text = messageText(msg, role);
    if (!text) continue;
    const m: ParsedMessage = { role, text };
    const id = msg.getAttribute('data-message-id');
    if (id) m.siteMessageId = id;
    const model = msg.getAttribute('data-message-model-slug');
    if (role === 'assistant' && model) {
      m.model = model;
      pageModel = model;
    }
    // The "‹ 2/3 ›" counter sits in the turn's action row, outside every message body.
    const variant = turn ? variantIn(turn, allMatches(turn, SEL.message)) : undefined;
    if (variant) m.variant = variant;
    if (role === 'assistant' && hasMatch(msg, SEL.streamingBody)) m.streaming = true;
    messages.push(m);
  }

  // While the stop button shows, the last reply on the page is the one being written.
  const last = messages[messages.length - 1];
  if (stopShown && last?.role === 'assistant') last.streaming = true;

  const title = doc ? labelText(firstMatch(doc, SEL.title)) : '';
  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: stopShown || messages.some((m) => m.streaming === true),
  };
  if (title) page.title = title;
  if (pageModel) page.model = pageModel;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'chatgpt',
  hosts: HOSTS,
  sampleUrls: [
    'https://chatgpt.com/c/6789abcd-1234-8000-9abc-0123456789ab',
    'https://chatgpt.com/g/g-p-67a1b2c3d4e5f-my-project/c/6789abcd-1234-8000-9abc-0123456789ab',
    'https://chat.openai.com/c/00000000-0000-4000-8000-000000000001',
    'https://chatgpt.com/',
  ],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => commonAncestor(outermostMatches(doc, [SEL.turn[0]])) ?? firstMatch(doc, SEL.root),
  parse,
});
