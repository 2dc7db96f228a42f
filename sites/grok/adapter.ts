/**
 * Grok (grok.com) adapter: reads a chat page into plain messages with Grok's own response ids. Every turn is
 * a `div[id^="response-"]`; which side it sits on (`items-end` = the person, `items-start` = Grok) is the
 * only role signal the page gives. x.com/i/grok is a different app with no known markup and is not read.
 */
import type { ParsedMessage, ParsedPage } from '../types';
import { defineSiteAdapter } from '../define';
import { commonAncestor, docOf, firstMatch, hasMatch, outermostMatches, outermostMatchesWithin, variantIn } from '../query';
import { textOf } from '../text';

/**
 * Selectors. Fixtures: `fixtures/two-pairs-2026-03.html` (real capture, revivalstack),
 * `fixtures/streaming-code.html` (synthetic: a code block, a reply still being written).
 */
const SEL = {
  /** One turn; the id is "response-<responseId>" for both sides (revivalstack capture, 2026-03). */
  turn: ['div[id^="response-"]'],
  /** Builds without those ids: each bubble is a turn, its side read from the nearest aligned wrapper. */
  bubble: ['.message-bubble'],
  /** Side of the turn: user turns are right-aligned, replies left-aligned. */
  userTurn: ['.items-end'],
  assistantTurn: ['.items-start'],
  /**
   * The message text inside the bubble (both sides). A reply can hold several markdown blocks (text around a
   * picture or a tool result); a reasoning trace, when present, is kept out by `thinking`.
   */
  body: ['.response-content-markdown'],
  thinking: ['[class*="thinking"]', '[class*="think-"]'],
  /** Chrome inside the bubble: media/auth stand-ins, follow-up suggestion chips. */
  drop: ['.inline-media-container', '.auth-notification'],
  /**
   * A finished reply shows its action row (Regenerate, Copy, Like, and its response time "1.3s"); while
   * Grok writes, the row is missing or empty.
   */
  actions: ['.action-buttons button'],
  stop: ['button[aria-label="Stop model response"]', 'button[aria-label="Stop"]'],
  /** The page's `main`; without one, the element holding every turn (the last pair sits in its own box). */
  root: ['main'],
} as const;

const HOSTS = ['grok.com'];
/** `/c/{uuid}` (insidebar, polylogue). */
const CONVERSATION_PATH = /^\/c\/([0-9a-f-]{8,})\/?$/i;
const CHAT_PATH = /^\/(?:$|c\/)/;

function roleOf(turn: Element, index: number, prev: ParsedMessage | undefined): 'user' | 'assistant' {
  const side = turn.closest([...SEL.userTurn, ...SEL.assistantTurn].join(','));
  if (side?.matches(SEL.userTurn.join(','))) return 'user';
  if (side?.matches(SEL.assistantTurn.join(','))) return 'assistant';
  // Unknown layout: turns alternate, starting with the person.
  if (prev) return prev.role === 'user' ? 'assistant' : 'user';
  return index % 2 === 0 ? 'user' : 'assistant';
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const messages: ParsedMessage[] = [];
  // Within: the capture loop may hand over one turn as the root.
  let turns = outermostMatchesWithin(root, SEL.turn);
  if (!turns.length) turns = outermostMatchesWithin(root, SEL.bubble);
  let lastReplyTurn: Element | undefined;
  turns.forEach((turn, i) => {
    const thinking = outermostMatches(turn, SEL.thinking);
    const bodies = outermostMatches(turn, SEL.body).filter((b) => !thinking.some((t) => t.contains(b)));
    const opts = { dropSelectors: [...SEL.drop, ...SEL.thinking] };
    const text = (bodies.length ? bodies : [turn])
      .map((b) => textOf(b, opts))
      .filter(Boolean)
      .join('\n\n');
    if (!text) return;
    const role = roleOf(turn, i, messages[messages.length - 1]);
    const m: ParsedMessage = { role, text };
    if (turn.id.startsWith('response-')) m.siteMessageId = turn.id.slice('response-'.length);
    const extras = thinking.map((t) => textOf(t)).filter(Boolean);
    if (extras.length) m.extras = extras.map((text) => ({ kind: 'thinking' as const, text }));
    const variant = variantIn(turn, bodies.length ? bodies : [turn]);
    if (variant) m.variant = variant;
    // The action row sits beside the bubble, in the turn's aligned wrapper.
    if (role === 'assistant') lastReplyTurn = turn.closest(SEL.assistantTurn.join(',')) ?? turn;
    messages.push(m);
  });

  const doc = docOf(root);
  const stopShown = hasMatch(root, SEL.stop) || (doc !== null && hasMatch(doc, SEL.stop));
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant' && (stopShown || (lastReplyTurn && !hasMatch(lastReplyTurn, SEL.actions)))) last.streaming = true;

  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: last?.streaming === true || stopShown,
  };
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'grok',
  hosts: HOSTS,
  sampleUrls: ['https://grok.com/c/5d2a8c3e-0b7f-4e61-9a2d-3c4b5a6f7e8d', 'https://grok.com/'],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => {
    if (doc.querySelector(SEL.root.join(','))) return firstMatch(doc, SEL.root);
    const turns = outermostMatches(doc, SEL.turn);
    return commonAncestor(turns.length ? turns : outermostMatches(doc, SEL.bubble));
  },
  parse,
});
