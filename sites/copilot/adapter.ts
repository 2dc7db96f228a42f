/**
 * Microsoft Copilot (copilot.microsoft.com, www.copilot.com since 2026-03) adapter: reads a chat page into
 * plain messages with Copilot's own message ids. Copilot marks content with `data-content` attributes and
 * everything a copy should skip (labels, reaction bars, code-copy buttons) with `data-copy="false"`.
 */
import type { ParsedMessage, ParsedPage } from '../types';
import { defineSiteAdapter } from '../define';
import { docOf, firstMatch, hasMatch, outermostMatches, outermostMatchesWithin } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors, newest first. Fixtures: `fixtures/chat-2026-03.html` (real capture, revivalstack, with a code
 * block), `fixtures/streaming-list.html` (synthetic: a reply still being written, lists, a table).
 */
const SEL = {
  /** The person's message (aria-label "You said" on its sr-only heading). */
  user: ['[data-content="user-message"]'],
  /** A reply ("Copilot said"); its text is in one or more `group/ai-message-item` blocks. */
  assistant: ['[data-content="ai-message"]'],
  item: ['[class*="group/ai-message-item"]', '[id*="-content-"]'],
  /** The message's article: its id is "<messageId>-user-message" for the person's messages. */
  userArticle: ['[id$="-user-message"]'],
  /** The reply's sr-only author heading: id "<messageId>-author". */
  author: ['h2[id$="-author"]', '[id$="-author"]'],
  /** Chrome: anything Copilot itself leaves out of a copy, the reaction bar (also has "Edit in a page"). */
  drop: ['[data-copy="false"]', '[data-testid="message-item-reactions"]'],
  /**
   * Finished reply: the reaction bar (thumbs, copy) appears under it (revivalstack capture); no stop-button
   * selector is confirmed, the testid/label pair below is a guess kept for when one appears.
   */
  actions: ['[data-testid="message-item-reactions"]', '[data-testid="copy-message-button"]'],
  stop: ['[data-testid="stop-button"]', 'button[aria-label="Stop responding"]'],
  title: ['[role="option"][aria-selected="true"] p'],
  root: ['[data-content="conversation"]', 'main'],
} as const;

const HOSTS = ['copilot.microsoft.com', 'www.copilot.com', 'copilot.com'];
/** `/chats/{id}` (insidebar 2025-10, revivalstack 2026-03). */
const CONVERSATION_PATH = /^\/chats\/([A-Za-z0-9_-]+)\/?$/;
const CHAT_PATH = /^\/(?:$|chats\/)/;

function parse(root: ParentNode, url: URL): ParsedPage {
  const messages: ParsedMessage[] = [];
  const opts = { dropSelectors: [...SEL.drop] };
  // Within: the capture loop may hand over one block that is itself a message.
  for (const el of outermostMatchesWithin(root, [...SEL.user, ...SEL.assistant])) {
    if (el.matches(SEL.user.join(','))) {
      const text = textOf(el, opts);
      if (!text) continue;
      const m: ParsedMessage = { role: 'user', text };
      const id = el.closest(SEL.userArticle.join(','))?.id.replace(/-user-message$/, '');
      if (id) m.siteMessageId = id;
      messages.push(m);
      continue;
    }
    const items = outermostMatches(el, SEL.item);
    const text = (items.length ? items : [el])
      .map((i) => textOf(i, opts))
      .filter(Boolean)
      .join('\n\n');
    if (!text) continue;
    const m: ParsedMessage = { role: 'assistant', text };
    const id = firstMatch(el, SEL.author)?.id.replace(/-author$/, '');
    if (id) m.siteMessageId = id;
    messages.push(m);
  }

  const doc = docOf(root);
  const stopShown = hasMatch(root, SEL.stop) || (doc !== null && hasMatch(doc, SEL.stop));
  // The newest reply is still being written while it has no action bar yet.
  const replies = outermostMatchesWithin(root, SEL.assistant);
  const lastReply = replies[replies.length - 1];
  const last = messages[messages.length - 1];
  const writing = stopShown || (lastReply !== undefined && !hasMatch(lastReply, SEL.actions));
  if (writing && last?.role === 'assistant') last.streaming = true;

  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: last?.streaming === true || stopShown,
  };
  const title = doc ? labelText(firstMatch(doc, SEL.title)) : '';
  if (title) page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'copilot',
  hosts: HOSTS,
  sampleUrls: [
    'https://copilot.microsoft.com/chats/fXbx2yBqE7j3kzWbTMkUe',
    'https://www.copilot.com/chats/A9AQcaemEJqFbKsZYUASu',
    'https://copilot.microsoft.com/',
  ],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => firstMatch(doc, SEL.root),
  parse,
});
