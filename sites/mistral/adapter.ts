/**
 * Mistral Le Chat (chat.mistral.ai) adapter: reads the visible conversation into plain messages, keeping the
 * "Think" reasoning part apart from the answer as a `thinking` extra.
 */
import { defineSiteAdapter, readMessages } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, firstMatch, outermostMatchesWithin, rootAroundMessages } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors. Le Chat marks messages with data attributes, which is what every source relies on
 * (shared/reference/sites.md "Other sites", from ShareLM extension/selectors.js f9aac7aa; the part types and
 * `data-testid="code-block"` also appear in public Le Chat exporters). Fixture: fixtures/think-two-turns.html
 * (synthetic).
 */
const SEL = {
  /** One element per message, with its role and id (`data-message-author-role`, `data-message-id`). */
  message: ['[data-message-author-role="user"]', '[data-message-author-role="assistant"]'],
  /** The typed prompt inside a user message (sites.md: `.select-text`); the bubble keeps whitespace. */
  userText: ['.select-text', '.whitespace-pre-wrap'],
  /** The reply's answer part (sites.md); older replies without parts fall back to the message itself. */
  answer: ['[data-message-part-type="answer"]'],
  /** The reasoning part shown by "Think" mode; its toggle button says "Thought for 4s". */
  reasoning: ['[data-message-part-type="reasoning"]'],
  /**
   * A code block: Le Chat wraps label, Copy button and the code's own `pre` in an outer `pre`
   * (`data-testid="code-block"`); text.ts reads the innermost `pre` and takes the label as the language.
   */
  codeBlock: ['[data-testid="code-block"]'],
  /**
   * Parts of a reply that are not its text: tool-call and search status cards, source chips (assumed names;
   * kept as data so a capture can correct them).
   */
  drop: ['[data-message-part-type="tool"]', '[data-message-part-type="tool-call"]', '[data-testid="sources"]'],
  /**
   * Tables Le Chat draws as a grid: the grid keeps the table's HTML in `data-rich-table-inner-html`, or is an
   * ARIA table (`role="table"` > `row` > `columnheader`/`cell`). Both named by a public Le Chat exporter.
   */
  richTable: ['[data-rich-table-inner-html]'],
  ariaTable: ['[role="table"]'],
  /**
   * What the capture loop observes: the message list when it carries a test id (assumed, not documented),
   * else `main`, which holds the whole conversation whatever its inner wrappers.
   */
  root: ['[data-testid="conversation"]', 'main'],
} as const;

const HOSTS = ['chat.mistral.ai'];
/** `/chat/{uuid}`; bare `/chat` is the new-chat page. */
const CONVERSATION_PATH = /^\/chat\/([A-Za-z0-9-]{8,})\/?$/;
const CHAT_PATH = /^\/chat(?:\/|$)/;

function roleOf(el: Element): 'user' | 'assistant' {
  return el.getAttribute('data-message-author-role') === 'user' ? 'user' : 'assistant';
}

/**
 * True when the reply shows its own action buttons (copy, like, rewrite) outside its parts. Le Chat documents
 * no "finished" signal (sites.md); the action row only appears under a finished reply (assumed, as on the other
 * sites of this family), so its absence on the last reply means it is still being written.
 */
function hasActionRow(msg: Element): boolean {
  const parts = [...SEL.answer, ...SEL.reasoning, ...SEL.codeBlock].join(',');
  return Array.from(msg.querySelectorAll('button')).some((b) => !b.closest(parts));
}

/**
 * A copy of `el` in which grid tables are real `table`s, so text.ts renders them as `| a | b |` rows. The page
 * itself is never changed; the copy is built with the page's document, and the attribute's HTML is parsed
 * by a DOMParser into a document without a browsing context, so it stays inert (no scripts, no image loads).
 */
function withPlainTables(el: Element): Element {
  if (!el.querySelector([...SEL.richTable, ...SEL.ariaTable].join(','))) return el;
  const doc = el.ownerDocument;
  const copy = el.cloneNode(true) as Element;
  for (const grid of Array.from(copy.querySelectorAll(SEL.richTable.join(',')))) {
    const Parser = doc.defaultView?.DOMParser ?? globalThis.DOMParser;
    const parsed = new Parser().parseFromString(grid.getAttribute('data-rich-table-inner-html') ?? '', 'text/html');
    const table = parsed.querySelector('table');
    if (table) grid.replaceWith(doc.importNode(table, true));
  }
  for (const grid of Array.from(copy.querySelectorAll(SEL.ariaTable.join(',')))) {
    const table = doc.createElement('table');
    for (const row of Array.from(grid.querySelectorAll('[role="row"]'))) {
      const tr = doc.createElement('tr');
      for (const cell of Array.from(row.querySelectorAll('[role="columnheader"], [role="cell"], [role="gridcell"]'))) {
        const td = doc.createElement(cell.getAttribute('role') === 'columnheader' ? 'th' : 'td');
        td.append(...Array.from(cell.childNodes));
        tr.append(td);
      }
      table.append(tr);
    }
    grid.replaceWith(table);
  }
  return copy;
}

function parseMessage(el: Element): ParsedMessage {
  const id = el.getAttribute('data-message-id') ?? undefined;
  if (roleOf(el) === 'user') {
    const textEl = firstMatch(el, SEL.userText) ?? el;
    const m: ParsedMessage = { role: 'user', text: textOf(textEl, { preserveWhitespace: true }) };
    if (id) m.siteMessageId = id;
    return m;
  }
  const opts = { dropSelectors: [...SEL.drop, ...SEL.reasoning], codeBlockSelectors: [...SEL.codeBlock] };
  const answers = Array.from(el.querySelectorAll(SEL.answer.join(',')));
  // A reply can hold several answer parts (text around a tool call); they read as one message.
  const text = answers.length
    ? answers
        .map((a) => textOf(withPlainTables(a), opts))
        .filter(Boolean)
        .join('\n\n')
    : textOf(withPlainTables(el), opts);
  const m: ParsedMessage = { role: 'assistant', text };
  if (id) m.siteMessageId = id;
  const thinking = Array.from(el.querySelectorAll(SEL.reasoning.join(',')))
    .map((r) => textOf(r, { codeBlockSelectors: [...SEL.codeBlock] }))
    .filter(Boolean)
    .join('\n\n');
  if (thinking) m.extras = [{ kind: 'thinking', text: thinking }];
  return m;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  // Empty shells (a reply before its first token) are dropped, a reply that is only thinking is kept.
  const { messages, streaming } = readMessages(outermostMatchesWithin(root, SEL.message), parseMessage, hasActionRow);
  const page: ParsedPage = { siteConversationId: adapter.conversationIdFromUrl(url), messages, streaming };
  const title = titleOf(root, url);
  if (title) page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'mistral',
  hosts: HOSTS,
  sampleUrls: ['https://chat.mistral.ai/chat/3e2b7c1d-8f4a-4c6e-9b1d-2a3c4e5f6a7b', 'https://chat.mistral.ai/chat/7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => rootAroundMessages(doc, SEL.message, SEL.root),
  parse,
});

/** The sidebar entry of the open chat: the link to this chat's URL. */
function titleOf(root: ParentNode, url: URL): string | undefined {
  const doc = docOf(root);
  const id = adapter.conversationIdFromUrl(url);
  if (!doc || !id) return undefined;
  return labelText(doc.querySelector(`a[href$="/chat/${id}"]`)) || undefined;
}
