/**
 * DeepSeek (chat.deepseek.com) adapter: reads the visible conversation of a chat page into plain messages,
 * keeping DeepThink (R1) reasoning apart from the answer as a `thinking` extra.
 */
import { defineSiteAdapter, readMessages } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, outermostMatchesWithin, rootAroundMessages, variantIn } from '../query';
import { textOf } from '../text';

/**
 * Selectors, newest markup first. Only DeepSeek's own design-system classes (`ds-*`, `md-code-block*`) and
 * data attributes are used; the other class names on the site are build hashes (`._546d736`) that change
 * between deployments (shared/reference/sites.md, "DeepSeek"). Fixture: fixtures/reasoner-two-turns.html
 * (synthetic).
 */
const SEL = {
  /** Every message bubble, user and assistant (sites.md: `div.ds-message`; yuki-inaho, insidebar). */
  message: ['.ds-message'],
  /**
   * The answer of an assistant message. 2025+ marks it `ds-assistant-message-main-content`; older builds only
   * had `.ds-markdown` / `.ds-markdown--block` (sites.md, unconfirmed). The reasoning panel also holds a
   * `.ds-markdown`, so answers are the ones outside `thinkContent`.
   */
  answer: ['.ds-assistant-message-main-content', '.ds-markdown--block', '.ds-markdown'],
  /** The DeepThink reasoning body; its header ("Thought for 9 seconds") is the wrapper's first child. */
  thinkContent: ['.ds-think-content'],
  /** Code block: `.md-code-block` > banner (language label, Copy/Download) + `pre` without `code`. */
  codeBlock: ['.md-code-block'],
  /**
   * Chrome inside an answer besides buttons/svg (dropped by text.ts): the code banner's button texts and the
   * numbered source markers of search answers (`.ds-markdown-cite`, named in several public DeepSeek exporters).
   */
  drop: ['.md-code-block-banner .ds-button', '.code-info-button-text', '.ds-markdown-cite'],
  /**
   * The per-turn item of the virtual list (a stable data attribute); the message's action bar lives here,
   * next to the bubble. Falls back to the bubble's parent.
   */
  turn: ['[data-virtual-list-item-key]'],
  /** Icon buttons (Copy, Regenerate, Like) that appear under a reply once it has finished (sites.md). */
  actionButton: ['.ds-icon-button'],
  /** The scroll area holding the message list: what the capture loop observes. */
  root: ['.ds-scroll-area', '.ds-virtual-list-visible-items'],
  /** Conversation title above the chat; `document.title` ends in " - DeepSeek". */
  titleSuffix: / - DeepSeek$/,
} as const;

const HOSTS = ['chat.deepseek.com'];
/** `/a/chat/s/{uuid}` (yuki-inaho src/page.ts uses `^/a/[^/]+/s/([^/?#]+)`). */
const CONVERSATION_PATH = /^\/a\/chat\/s\/([A-Za-z0-9-]+)\/?$/;
/** The home page "/" is the new-chat page; chats live under `/a/chat`. */
const CHAT_PATH = /^\/(?:$|a\/chat)/;

function answerOf(msg: Element): Element | null {
  for (const sel of SEL.answer) {
    for (const el of Array.from(msg.querySelectorAll(sel))) {
      if (!el.closest(SEL.thinkContent.join(','))) return el;
    }
  }
  return null;
}

function turnOf(msg: Element): Element | null {
  return msg.closest(SEL.turn.join(',')) ?? msg.parentElement;
}

/** True when the reply has no action bar yet, i.e. DeepSeek is still writing it. */
function lacksActionBar(msg: Element): boolean {
  const turn = turnOf(msg);
  if (!turn) return true;
  const buttons = Array.from(turn.querySelectorAll(SEL.actionButton.join(',')));
  return !buttons.some((b) => !msg.contains(b));
}

/**
 * Whether a bubble without markdown is a prompt. DeepSeek answers every prompt, so such a bubble right after a
 * prompt is a reply with no answer yet (the empty shell the site shows before the first token) or only a notice ("The server is busy"), never a
 * second prompt; reading it as the person's words would put DeepSeek's notice into their own text. Decided
 * from the page itself (the bubbles before it), so it holds when the capture loop hands over one turn at a
 * time: counted back to the nearest reply with markdown, markdown-less bubbles alternate prompt, reply, …
 */
function isPrompt(msg: Element): boolean {
  const prev = previousBubble(msg);
  if (!prev) return true;
  if (answerOf(prev) || prev.querySelector(SEL.thinkContent.join(','))) return true;
  // Bounded by the run of markdown-less bubbles before this one (normally one: the prompt it answers).
  return !isPrompt(prev);
}

/** The bubble just before `msg`, found through the turns before its own (no search of the whole page). */
function previousBubble(msg: Element): Element | null {
  const sel = SEL.message.join(',');
  for (let t = turnOf(msg)?.previousElementSibling ?? null; t; t = t.previousElementSibling) {
    if (t.matches(sel)) return t;
    const inTurn = t.querySelectorAll(sel);
    if (inTurn.length) return inTurn[inTurn.length - 1];
  }
  return null;
}

function parseMessage(msg: Element): ParsedMessage {
  const think = msg.querySelector(SEL.thinkContent.join(','));
  const answer = answerOf(msg);
  // A regenerated reply or an edited prompt shows a "2 / 2" switcher in the turn, outside the bubble.
  const turn = turnOf(msg);
  const variant = turn ? variantIn(turn, [msg]) : undefined;
  if (!answer && !think && !isPrompt(msg)) {
    const notice: ParsedMessage = { role: 'assistant', text: textOf(msg, { dropSelectors: [...SEL.drop] }) };
    if (variant) notice.variant = variant;
    return notice;
  }
  if (!answer && !think) {
    // A user bubble: the text as typed (DeepSeek keeps its line breaks with a hashed pre-wrap class).
    const user: ParsedMessage = { role: 'user', text: textOf(msg, { preserveWhitespace: true, dropSelectors: [...SEL.drop] }) };
    if (variant) user.variant = variant;
    return user;
  }
  const out: ParsedMessage = {
    role: 'assistant',
    text: answer ? textOf(answer, { dropSelectors: [...SEL.drop], codeBlockSelectors: [...SEL.codeBlock] }) : '',
  };
  if (variant) out.variant = variant;
  if (think) {
    const thinking = textOf(think, { dropSelectors: [...SEL.drop], codeBlockSelectors: [...SEL.codeBlock] });
    if (thinking) out.extras = [{ kind: 'thinking', text: thinking }];
  }
  return out;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  // A bubble nested in another match is part of it, never its own message.
  const bubbles = outermostMatchesWithin(root, SEL.message);
  const { messages, streaming } = readMessages(bubbles, parseMessage, (bubble) => !lacksActionBar(bubble));
  const doc = docOf(root);
  const title = doc?.title.replace(SEL.titleSuffix, '').trim();
  const page: ParsedPage = { siteConversationId: adapter.conversationIdFromUrl(url), messages, streaming };
  if (title && title !== 'DeepSeek') page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'deepseek',
  hosts: HOSTS,
  sampleUrls: [
    'https://chat.deepseek.com/a/chat/s/5f0c2a9e-7d41-4b8e-9c3a-2e1f6b7d8a90',
    'https://chat.deepseek.com/a/chat/s/0b6e1d2c-3f4a-4c5b-8d9e-0a1b2c3d4e5f?utm=share',
  ],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  // Outermost candidate first: the scroll area outlives the virtual list's re-renders.
  root: (doc) => rootAroundMessages(doc, SEL.message, SEL.root, 'body'),
  parse,
});
