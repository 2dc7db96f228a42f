/**
 * Poe (poe.com) adapter: reads a chat with one or several bots into plain messages, naming the bot that wrote
 * each reply.
 */
import { defineSiteAdapter } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, firstMatch, outermostMatchesWithin, rootAroundMessages } from '../query';
import { labelText, textOf } from '../text';

/**
 * Poe is built from CSS modules: every class is `Component_part__hash`. The hash changes between builds, the
 * `Component_part` prefix has held for years, so elements are matched by that prefix (`[class*="Prefix__"]`),
 * never by the hashed name ShareLM uses (shared/reference/sites.md "Other sites": `.Prose_presets_theme-on-accent__rESxX`
 * user, `.Prose_presets_theme-hi-contrast__LQyM9` bot). `data-complete` and the "Stop message" label come from
 * public Poe scripts (a Poe chat collector's notes; asllani94/ChatGPTSplitter entrypoints/content/poe.tsx).
 * Fixture: fixtures/bot-two-turns.html (synthetic).
 */
const SEL = {
  /** One element per message; `data-complete="false"` while a reply streams. */
  message: ['[class*="ChatMessage_chatMessage__"]'],
  /** The user's bubble sits on the right, a bot's on the left. */
  userBubble: ['[class*="Message_rightSideMessageBubble__"]', '[class*="Prose_presets_theme-on-accent__"]'],
  botBubble: ['[class*="Message_leftSideMessageBubble__"]', '[class*="Prose_presets_theme-hi-contrast__"]'],
  /** The rendered markdown inside a bubble (without the bubble's own chrome). */
  text: ['[class*="Markdown_markdownContainer__"]', '[class*="Message_messageTextContainer__"]'],
  /** Code block: header (language name, Copy) + `pre`. */
  codeBlock: ['[class*="MarkdownCodeBlock_container__"]'],
  languageName: ['[class*="MarkdownCodeBlock_languageName__"]'],
  /** Times ("10:42 AM") and reply chrome that can sit inside a message. */
  drop: ['[class*="Message_messageMetadata"]', '[class*="ChatMessageActionBar_"]', '[class*="BotMessageHeader_"]'],
  /** The bot that wrote a reply (shown above each reply, which matters in multi-bot chats). */
  botName: ['[class*="BotMessageHeader_botName__"]'],
  /** The chat's bot in the page header. */
  headerBot: ['[class*="BotHeader_title__"]', '[class*="BotHeader_textContainer__"] p'],
  /** The stop button shown while a bot writes. */
  stopButton: ['button[aria-label="Stop message"]', '[class*="ChatStopMessageButton_"]'],
  /** The message list the capture loop observes. */
  root: ['[class*="ChatMessagesView_infiniteScroll__"]', '[class*="InfiniteScroll_container__"]', 'main'],
} as const;

const HOSTS = ['poe.com'];
/** `/chat/{chatCode}`; a bot's own page `/{BotName}` opens a new chat with it. */
const CONVERSATION_PATH = /^\/chat\/([A-Za-z0-9]+)\/?$/;
/** First path segments that are Poe's own pages, not bots. */
const NOT_BOTS = new Set([
  'chat',
  'chats',
  'explore',
  'settings',
  'login',
  'signup',
  'api',
  'api_key',
  'create_bot',
  'edit_bot',
  'profile',
  'notifications',
  'subscribe',
  'about',
  'privacy',
  'tos',
  'download',
  'apps',
  's',
  'creators',
  'bots',
  '_next',
]);

/** A bot's page ("/Claude-Sonnet-4.5") holds the chat that its first message starts. */
function isBotPage(path: string): boolean {
  const seg = /^\/([^/]+)\/?$/.exec(path)?.[1];
  return !!seg && !NOT_BOTS.has(seg.toLowerCase());
}

function languageOf(block: Element): string | undefined {
  return labelText(firstMatch(block, SEL.languageName)) || undefined;
}

function parseMessage(el: Element): ParsedMessage | null {
  const user = firstMatch(el, SEL.userBubble);
  const bot = user ? null : firstMatch(el, SEL.botBubble);
  const bubble = user ?? bot;
  if (!bubble) return null;
  const body = firstMatch(bubble, SEL.text) ?? bubble;
  const opts = { dropSelectors: [...SEL.drop], codeBlockSelectors: [...SEL.codeBlock], languageOf };
  if (user) return { role: 'user', text: textOf(body, { ...opts, preserveWhitespace: true }) };
  const m: ParsedMessage = { role: 'assistant', text: textOf(body, opts) };
  const name = labelText(firstMatch(el, SEL.botName));
  if (name) m.model = name;
  if (el.getAttribute('data-complete') === 'false') m.streaming = true;
  return m;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const els = outermostMatchesWithin(root, SEL.message);
  const messages: ParsedMessage[] = [];
  for (const el of els) {
    const m = parseMessage(el);
    if (m && (m.text || m.streaming)) messages.push(m);
  }
  const doc = docOf(root);
  const stopShown = !!doc?.querySelector(SEL.stopButton.join(','));
  const last = messages[messages.length - 1];
  if (stopShown && last?.role === 'assistant') last.streaming = true;
  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    // A reply with no text yet is only an empty shell; its streaming state still counts for the page.
    messages: messages.filter((m) => m.text),
    streaming: stopShown || messages.some((m) => m.streaming),
  };
  const bot = doc ? labelText(firstMatch(doc, SEL.headerBot)) : '';
  if (bot) page.model = bot;
  // The chat's title is its entry in the sidebar history, the link to this very chat.
  const id = page.siteConversationId;
  const title = doc && id ? labelText(doc.querySelector(`a[href$="/chat/${id}"]`)) : '';
  if (title) page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'poe',
  hosts: HOSTS,
  sampleUrls: ['https://poe.com/chat/2s9k4xq7p1mzbd3wv8e', 'https://poe.com/chat/2rqz0v6m1x8kcd5tw3a'],
  chatPath: isBotPage,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => rootAroundMessages(doc, SEL.message, SEL.root),
  parse,
});
