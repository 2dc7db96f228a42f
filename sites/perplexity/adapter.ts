/**
 * Perplexity (www.perplexity.ai) adapter: reads a thread's queries and answers into plain messages, without
 * citation pills, source cards, search steps or related questions.
 */
import { defineSiteAdapter } from '../define';
import type { ParsedMessage, ParsedPage } from '../types';
import { docOf, outermostMatchesWithin } from '../query';
import { textOf } from '../text';

/**
 * Selectors, newest markup first (shared/reference/sites.md "Perplexity": ShareLM selectors.js 2026-06 and
 * insidebar 2025-10). Perplexity's classes are Tailwind utilities, not hashes; `group/query` and
 * `markdown-content-N` are the ones tied to meaning. Fixture: fixtures/thread-two-turns.html (synthetic).
 */
const SEL = {
  /** A query: the `h1` of each thread entry (ShareLM `.font-display.text-pretty`; insidebar `[data-lexical-text]`). */
  query: ['h1[class~="group/query"]', '.font-display.text-pretty', '[data-lexical-text="true"]'],
  /** An answer: `#markdown-content-N` (insidebar) around the `.prose` body (ShareLM). */
  answer: ['[id^="markdown-content-"]', 'div.prose'],
  /**
   * Inline citation pills ("wikipedia +1"): spans/links marked as citations (assumed markup: the class
   * `citation` and `data-pplx-citation*` attributes; kept as data so a capture can correct them).
   */
  citation: ['.citation', '[data-pplx-citation]', '[data-pplx-citation-url]'],
  /** A code block with its header ("bash" + copy button) around the `pre` (assumed wrapper class). */
  codeBlock: ['.codeWrapper'],
  /** The follow-up box under the thread ("Ask a follow-up"): a textarea or a contenteditable editor. */
  composer: ['textarea', '[contenteditable="true"]', '[role="textbox"]'],
  /** The thread column the capture loop observes. */
  root: ['main'],
  /** `document.title` is "<first query> | Perplexity". */
  titleSuffix: /\s*[|–-]\s*Perplexity$/,
} as const;

const HOSTS = ['www.perplexity.ai', 'perplexity.ai'];
/**
 * `/search/{slug}`: a readable prefix and a 22-character id, or a bare UUID; the whole slug is what Perplexity's own
 * API keys the thread by (`/rest/thread/{slug}`, sites.md §3). `/search/new?q=` starts a thread, so it has no id.
 */
const CONVERSATION_PATH = /^\/search\/(?!new\/?$)([A-Za-z0-9._-]+)\/?$/;
/** Pages that can hold a thread: home (new thread) and everything under `/search/`. */
const CHAT_PATH = /^\/(?:$|search\/)/;

/**
 * True when something clickable follows the answer inside its own thread entry: Perplexity adds the answer's
 * action bar (Share, Rewrite, Copy) only once it has finished (the live-site scraper in
 * Chkhikvadze/ai-search-benchmark waits for the Rewrite button for the same reason). sites.md knows no other
 * DOM signal. The entry is the widest ancestor that holds neither another answer nor the composer (whose
 * Submit and model buttons would otherwise count, in a thread of one entry).
 */
function hasActionsAfter(answer: Element, answerSel: string): boolean {
  let entry: Element = answer;
  for (let p = answer.parentElement; p; p = p.parentElement) {
    if (p.querySelector(SEL.composer.join(','))) break;
    if (Array.from(p.querySelectorAll(answerSel)).some((a) => a !== answer && !answer.contains(a) && !a.contains(answer))) break;
    entry = p;
  }
  return Array.from(entry.querySelectorAll('button')).some((b) => !answer.contains(b) && (answer.compareDocumentPosition(b) & 4) /* FOLLOWING */ !== 0);
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const querySel = SEL.query.join(',');
  const nodes = outermostMatchesWithin(root, [...SEL.query, ...SEL.answer]);
  const messages: ParsedMessage[] = [];
  let lastAnswer: Element | null = null;
  for (const el of nodes) {
    if (el.matches(querySel)) {
      const text = textOf(el, { preserveWhitespace: true });
      if (text) messages.push({ role: 'user', text });
      continue;
    }
    const text = textOf(el, { dropSelectors: [...SEL.citation], codeBlockSelectors: [...SEL.codeBlock] });
    if (text) messages.push({ role: 'assistant', text });
    lastAnswer = el;
  }
  let streaming = false;
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant' && lastAnswer && !hasActionsAfter(lastAnswer, SEL.answer.join(','))) {
    last.streaming = true;
    streaming = true;
  }
  const page: ParsedPage = { siteConversationId: adapter.conversationIdFromUrl(url), messages, streaming };
  const title = docOf(root)?.title.replace(SEL.titleSuffix, '').trim();
  if (title && title !== 'Perplexity') page.title = title;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'perplexity',
  hosts: HOSTS,
  sampleUrls: [
    'https://www.perplexity.ai/search/how-does-http-3-differ-from-ht-Qm3xT0pQRkW2c1v9Yb8aZw',
    'https://www.perplexity.ai/search/e3c69b95-e257-45be-bbf0-e5fe80b0bb7f',
  ],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root(doc) {
    const first = doc.querySelector([...SEL.query, ...SEL.answer].join(','));
    if (!first) return null;
    return first.closest(SEL.root.join(',')) ?? doc.body;
  },
  parse,
});
