/**
 * Gemini (gemini.google.com) adapter: reads the turns of a chat page into plain messages. Gemini renders
 * with Angular custom elements (`user-query`, `model-response`, `message-content`), which are the stable
 * hooks here; thinking panels and canvas / Deep Research chips are kept out of the text (as extras).
 */
import type { ParsedMessage, ParsedPage } from '../types';
import { defineSiteAdapter } from '../define';
import { docOf, firstMatch, hasMatch, outermostMatches, outermostMatchesWithin } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors, newest first. Fixtures: `fixtures/real-capture-2026-01.html` (body 2026-01, page chrome 2026-07),
 * `fixtures/table-2026-07.html`, `fixtures/deep-research-2026-07.html` (all real structure, invented text),
 * `fixtures/streaming-code.html` (synthetic, for a reply still being written and a code block).
 */
const SEL = {
  user: ['user-query'],
  /** The typed text: one `p.query-text-line` per line since 2026 (2026-07 fixtures); older: one `p`. */
  userText: ['.query-text', 'user-query-content', '.query-content'],
  userLine: ['.query-text-line'],
  assistant: ['model-response'],
  /** The reply body: `message-content` > `.markdown` (`aria-busy` is "true" while it is written). */
  body: ['message-content .markdown', 'message-content'],
  thoughts: ['model-thoughts'],
  /** Canvas / Deep Research chips and the research-plan widget inside a reply (not prose). */
  chip: ['immersive-entry-chip', 'deep-research-confirmation-widget', 'generated-file'],
  /** A generated file's full name (the chip shows it without the extension). */
  fileName: ['[data-test-id="file-name"][title]'],
  /** Chrome inside a reply body: citation chips and source lists, the chip's own creation time. */
  drop: ['source-footnote', 'sources-carousel', 'sources-carousel-inline', 'sources-list', '.creation-timestamp', 'sup.superscript'],
  /** Code block: `code-block` holds the language label ("Python") and the `pre`. */
  codeBlock: ['code-block'],
  /** A reply still being written (language-independent first; the aria-labels are English UI). */
  streamingBody: ['.markdown[aria-busy="true"]'],
  stop: ['button[aria-label="Stop response"]', 'button[aria-label="Stop generation"]'],
  /** The id Gemini gives the reply: `message-content-id-r_…` on `message-content`. */
  responseId: ['message-content[id^="message-content-id-"]'],
  /** Title: the active sidebar entry (2026-07); older builds showed it in the top bar. */
  title: [
    'gem-nav-list-item[data-test-id="conversation"] a[aria-current="page"] .title-text',
    'a[data-test-id="conversation"].selected .conversation-title',
    'conversation-actions .conversation-title',
  ],
  /** The composer's mode picker ("Flash", "Pro", "Thinking"): a mode the page names, not a model id. */
  model: ['[data-test-id="bard-mode-menu-button"] .picker-primary-text', '[data-test-id="bard-mode-menu-button"]'],
  root: ['#chat-history', 'infinite-scroller', 'chat-window'],
} as const;

const HOSTS = ['gemini.google.com'];
/** `/app/{hex}`, `/u/{n}/app/{hex}` (second account), `/gem/{gem}/{hex}` (a Gem's chat). */
const CONVERSATION_PATH = /^(?:\/u\/\d+)?\/(?:app|gem\/[^/]+)\/([A-Za-z0-9_-]+)\/?$/;
const CHAT_PATH = /^(?:\/u\/\d+)?\/(?:app|gem)(?:\/|$)/;

function userText(el: Element): string {
  const lines = outermostMatches(el, SEL.userLine);
  // One paragraph per typed line: join with single newlines, as typed.
  if (lines.length)
    return lines
      .map((l) => textOf(l))
      .join('\n')
      .replace(/^\n+|\n+$/g, '');
  const box = firstMatch(el, SEL.userText) ?? el;
  return textOf(box, { dropSelectors: ['.file-preview-container'] });
}

function assistantMessage(el: Element): ParsedMessage {
  const body = firstMatch(el, SEL.body);
  const extras: NonNullable<ParsedMessage['extras']> = [];
  for (const t of outermostMatches(el, SEL.thoughts)) {
    const text = textOf(t);
    if (text) extras.push({ kind: 'thinking', text });
  }
  for (const c of outermostMatches(el, SEL.chip)) {
    const text =
      firstMatch(c, SEL.fileName)?.getAttribute('title') ??
      textOf(c, { dropSelectors: [...SEL.drop] })
        .split('\n')
        .filter(Boolean)[0];
    if (text) extras.push({ kind: 'attachment', text });
  }
  const text = body
    ? textOf(body, {
        dropSelectors: [...SEL.drop, ...SEL.chip, ...SEL.thoughts],
        codeBlockSelectors: [...SEL.codeBlock],
      })
    : '';
  const m: ParsedMessage = { role: 'assistant', text };
  const id = firstMatch(el, SEL.responseId)?.id.replace(/^message-content-id-/, '');
  if (id) m.siteMessageId = id;
  if (extras.length) m.extras = extras;
  if (hasMatch(el, SEL.streamingBody)) m.streaming = true;
  return m;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const messages: ParsedMessage[] = [];
  for (const el of outermostMatchesWithin(root, [...SEL.user, ...SEL.assistant])) {
    const m = el.matches(SEL.user.join(',')) ? { role: 'user' as const, text: userText(el) } : assistantMessage(el);
    if (m.text) messages.push(m);
  }
  const doc = docOf(root);
  const stopShown = doc !== null && hasMatch(doc, SEL.stop);
  const last = messages[messages.length - 1];
  if (stopShown && last?.role === 'assistant') last.streaming = true;
  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: stopShown || messages.some((m) => m.streaming === true),
  };
  const title = doc ? labelText(firstMatch(doc, SEL.title)) : '';
  if (title) page.title = title;
  const model = doc ? labelText(firstMatch(doc, SEL.model)) : '';
  if (model) page.model = model;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'gemini',
  hosts: HOSTS,
  sampleUrls: [
    'https://gemini.google.com/app/f1x7u0e0000000b2',
    'https://gemini.google.com/u/1/app/8798be9d525cb25b',
    'https://gemini.google.com/gem/coding-partner/0a1b2c3d4e5f6a7b',
    'https://gemini.google.com/app',
  ],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => firstMatch(doc, SEL.root),
  parse,
});
