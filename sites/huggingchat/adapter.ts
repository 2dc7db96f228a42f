/**
 * HuggingChat (huggingface.co/chat, the hosted huggingface/chat-ui) adapter: reads the visible conversation
 * into plain messages, with the model that answered each reply when the Omni router names it.
 */
import { defineSiteAdapter, readMessages } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, firstMatch, outermostMatches, outermostMatchesWithin, parseVariant, rootAroundMessages } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors taken from chat-ui's own templates (huggingface/chat-ui, c100c162 2026-08-21:
 * src/lib/components/chat/ChatMessage.svelte, OpenReasoningResults.svelte, ToolUpdate.svelte, Alternatives.svelte,
 * ChatWindow.svelte, ../StopGeneratingBtn.svelte). The many Tailwind classes there are layout only, so only data
 * attributes, titles and ARIA labels are used. Fixture: fixtures/omni-two-turns.html (synthetic, built on those
 * templates).
 */
const SEL = {
  /** Message wrappers: assistant `data-message-role`, user `data-message-type` (both carry `data-message-id`). */
  message: ['[data-message-id][data-message-role="assistant"]', '[data-message-id][data-message-type="user"]'],
  /**
   * The prompt as typed: a `p` with `whitespace-break-spaces`; while being edited, a textarea. The bare `p`
   * fallback comes last because uploaded-file cards (UploadedFile.svelte) can hold paragraphs of their own.
   */
  userText: ['p.whitespace-break-spaces', 'p.disabled', 'p'],
  /** Answer text blocks (`.prose`), each rendered from a run of markdown. */
  answerBlock: ['.prose'],
  /**
   * Reasoning and tool blocks: chat-ui marks them `data-exclude-from-copy` so the Copy button skips them;
   * a reasoning block holds a `.prose-sm` body (OpenReasoningResults), a tool block does not (ToolUpdate).
   */
  processBlock: ['[data-exclude-from-copy]'],
  reasoningBody: ['.prose-sm'],
  /** Per-reply router line "code with Qwen3-Coder… via together": the model link goes to its settings page. */
  modelLink: ['a[href*="/settings/"]'],
  /** Branch navigator "2 / 2" under a regenerated reply or an edited prompt. */
  variant: ['[class~="group/navbranch"]'],
  /** Shown under a reply only once it has finished (`{#if !isLast || !loading}` in ChatMessage.svelte). */
  retryButton: ['button[title="Retry"]'],
  /** The composer's stop button while a reply streams. */
  stopButton: ['button[aria-label="Stop generating"]', '.stop-generating-btn'],
  /** The scrolling message column the capture loop observes. */
  root: ['.scrollbar-custom', 'main'],
} as const;

const HOSTS = ['huggingface.co'];
/** `/chat/conversation/{24-hex ObjectId}` (sites.md). 7-character ids are read-only share snapshots. */
const CONVERSATION_PATH = /^\/chat\/conversation\/([0-9a-f]{24})\/?$/;
const CHAT_PATH = /^\/chat(?:\/|$)/;

function parseUser(el: Element): ParsedMessage {
  const textEl = firstMatch(el, SEL.userText);
  const editing = el.querySelector('textarea') as HTMLTextAreaElement | null;
  const text = textEl ? textOf(textEl, { preserveWhitespace: true }) : (editing?.value ?? '').trim();
  return { role: 'user', text };
}

function parseAssistant(el: Element): ParsedMessage {
  const inProcess = SEL.processBlock.join(',');
  const blocks = outermostMatches(el, SEL.answerBlock).filter((b) => !b.closest(inProcess));
  const m: ParsedMessage = {
    role: 'assistant',
    text: blocks
      .map((b) => textOf(b))
      .filter(Boolean)
      .join('\n\n'),
  };
  const extras: NonNullable<ParsedMessage['extras']> = [];
  for (const block of outermostMatches(el, SEL.processBlock)) {
    const body = block.querySelector(SEL.reasoningBody.join(','));
    if (body) {
      const t = textOf(body);
      if (t) extras.push({ kind: 'thinking', text: t });
    } else {
      // A tool call: its header button names the tool, the body lists parameters and output.
      const header = block.querySelector('button');
      // The header's parts ("Called tool", "web_search") are separate spans with no space between them.
      const name = header
        ? (header.children.length ? Array.from(header.children).map((c) => c.textContent ?? '') : [header.textContent ?? ''])
            .map((t) => t.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .join(' ')
        : '';
      const t = [name, textOf(block)].filter(Boolean).join('\n');
      if (t) extras.push({ kind: 'tool', text: t });
    }
  }
  if (extras.length) m.extras = extras;
  const model = labelText(el.querySelector(SEL.modelLink.join(',')));
  if (model) m.model = model;
  return m;
}

function parseMessage(el: Element): ParsedMessage {
  const m = el.getAttribute('data-message-type') === 'user' ? parseUser(el) : parseAssistant(el);
  const id = el.getAttribute('data-message-id');
  if (id) m.siteMessageId = id;
  const variant = parseVariant(labelText(el.querySelector(SEL.variant.join(','))));
  if (variant) m.variant = variant;
  return m;
}

/** The model picker under the composer ("Omni", or "Model: …"), outside any message and the sidebar. */
function pageModel(doc: Document): string | undefined {
  for (const a of Array.from(doc.querySelectorAll(SEL.modelLink.join(',')))) {
    if (a.closest(SEL.message.join(',')) || a.closest('nav')) continue;
    const name = labelText(a.querySelector('.truncate') ?? a);
    if (name) return name;
  }
  return undefined;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const els = outermostMatchesWithin(root, SEL.message);
  const doc = docOf(root);
  const stopShown = !!doc?.querySelector(SEL.stopButton.join(','));
  const { messages, streaming } = readMessages(els, parseMessage, (el) => !stopShown && !!el.querySelector(SEL.retryButton.join(',')));
  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: streaming || stopShown,
  };
  const model = doc ? pageModel(doc) : undefined;
  if (model) page.model = model;
  const title = doc?.title.trim();
  if (title && title !== 'HuggingChat') page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'huggingchat',
  hosts: HOSTS,
  // huggingface.co hosts the whole Hub; only the /chat app holds conversations.
  matches: ['https://huggingface.co/chat', 'https://huggingface.co/chat/*'],
  sampleUrls: ['https://huggingface.co/chat/conversation/6748a0c2e4b0f1a2b3c4d5e6', 'https://huggingface.co/chat/conversation/6747f3a1c9d8e7f6a5b4c3d2'],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => rootAroundMessages(doc, SEL.message, SEL.root),
  parse,
});
