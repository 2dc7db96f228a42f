/**
 * Text rendering for the site adapters: a rendered message's DOM → the plain text Coevo stores (paragraphs split by
 * blank lines, code fenced with its language, lists, tables, quotes and headings as markdown, math as TeX, UI
 * chrome such as buttons, icons, hidden and screen-reader-only nodes dropped). Finding the messages themselves is
 * `query.ts`'s job. Pure: works on any DOM (browser, happy-dom, DOMParser) and uses no globals.
 */

/** Options for {@link textOf}. */
export interface TextOptions {
  /** Extra elements to drop (site chrome inside a message: action bars, source chips, labels). */
  dropSelectors?: string[];
  /**
   * Elements that each hold exactly one code block together with its header (language label, copy button),
   * e.g. Claude's code wrapper. `pre` is always a code block; list wrappers here so the header label becomes
   * the fence language instead of a stray line of text.
   */
  codeBlockSelectors?: string[];
  /** Site-specific language lookup for a code block element; falls back to {@link defaultCodeLanguage}. */
  languageOf?: (block: Element) => string | undefined;
  /**
   * Keep the element's own line breaks and spaces, for text the person typed whose bubble keeps whitespace
   * through a site-specific class (HuggingChat's `whitespace-break-spaces`, hashed CSS-module classes).
   */
  preserveWhitespace?: boolean;
}

/**
 * Elements that are never message content on any site: controls, icons, hidden and screen-reader-only
 * nodes (ChatGPT's "You said:" / "ChatGPT said:" headings are `.sr-only`), citation pills and KaTeX's
 * visual duplicate (the TeX source is read from its annotation instead).
 */
const ALWAYS_DROP: readonly string[] = [
  'script',
  'style',
  'noscript',
  'template',
  'button',
  'svg',
  'input',
  'select',
  'textarea',
  'img',
  'video',
  'audio',
  'canvas',
  'iframe',
  '[hidden]',
  '[style*="display: none"]',
  '[style*="display:none"]',
  '[aria-hidden="true"]',
  '[role="button"]',
  '[role="tooltip"]',
  '.sr-only',
  '.visually-hidden',
  '.cdk-visually-hidden',
  '.screen-reader-only',
  '[data-testid="webpage-citation-pill"]',
];

const PARAGRAPH_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'table', 'hr', 'figure', 'details', 'dl', 'math']);
const LINE_BLOCKS = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'li',
  'tr',
  'dt',
  'dd',
  'figcaption',
  'summary',
  'address',
  'caption',
  'thead',
  'tbody',
  'tfoot',
]);

/** A bare duration such as "1.3s" or "12 s" that some sites print next to a reply (response time). */
const TIMING_RE = /^\s*\d+(?:[.,]\d+)?\s?(?:s|sec|ms)\s*$/i;
/** A plausible fence language label: one short token ("Python", "c++", "objective-c", "plaintext"). */
const LANGUAGE_LABEL_RE = /^[A-Za-z][A-Za-z0-9+#._-]{0,24}$/;

interface Ctx {
  /**
   * Elements matched once per call with one querySelectorAll each: matching a long selector list on every node
   * is what made a 26-turn page slow (hundreds of ms in happy-dom), set lookups are O(1).
   */
  dropped: Set<Element>;
  codeBlocks: Set<Element>;
  math: Set<Element>;
  /** Every element that has a `pre` below it (only those can be a labelled code wrapper). */
  preAncestors: Set<Element>;
  /** Code block texts, kept out of the whitespace tidying and put back at the end. */
  codes: string[];
  languageOf?: (block: Element) => string | undefined;
  /** Inside an element whose whitespace is significant (pre-wrap user bubbles). */
  pre: boolean;
}

/**
 * Clean plain text of a rendered message element.
 * Paragraphs are separated by one blank line; `pre` blocks become ``` fences with the language when the DOM
 * names it; lists become `- item` / `1. item` (nested lists indented); tables become `| a | b |` rows;
 * blockquotes `> `; headings `#`; inline code keeps its backticks; math keeps its TeX (`$…$`, `$$…$$`).
 */
export function textOf(el: Element, opts: TextOptions = {}): string {
  const all = (sel: string) => new Set(Array.from(el.querySelectorAll(sel)));
  const preAncestors = new Set<Element>();
  for (const pre of Array.from(el.querySelectorAll('pre')))
    for (let p = pre.parentElement; p && p !== el && !preAncestors.has(p); p = p.parentElement) preAncestors.add(p);
  const ctx: Ctx = {
    dropped: all([...ALWAYS_DROP, ...(opts.dropSelectors ?? [])].join(',')),
    codeBlocks: all(['pre', ...(opts.codeBlockSelectors ?? [])].join(',')),
    math: all(MATH),
    preAncestors,
    languageOf: opts.languageOf,
    pre: opts.preserveWhitespace === true || preservesWhitespace(el),
    codes: [],
  };
  return restoreCode(tidy(renderChildren(el, ctx)), ctx.codes);
}

/**
 * Put code blocks back in place of their markers. A block inside a list item or quote takes that line's
 * prefix on every line ("  " under "- ", "> " in a quote), as markdown nests it.
 */
function restoreCode(text: string, codes: string[]): string {
  return text.replace(/^(.*?)\u0000(\d+)\u0000/gm, (_, prefix: string, i: string) => {
    const cont = prefix.replace(/(?:[-*]|\d+\.) /g, (m) => ' '.repeat(m.length));
    return codes[Number(i)]
      .split('\n')
      .map((line, n) => (n === 0 ? prefix : line ? cont : cont.trimEnd()) + line)
      .join('\n');
  });
}

/*
 * Rendering marks whitespace that HTML would collapse with SOFT (U+0002) and a dropped element with GAP
 * (U+0001), so tidy() can remove them at line edges (and a dropped citation pill's gap before punctuation)
 * without touching spaces that really are in the text (pre-wrap user messages keep their indentation).
 * Block edges are LINE (U+0003: a line break) and PARA (U+0004: a blank line); adjacent edges merge instead
 * of adding up, as in a browser, so nested or sibling divs never pile up blank lines.
 * Code blocks are replaced by CODE markers (U+0000 n U+0000) until the very end.
 */
const SOFT = '\u0002';
const GAP = '\u0001';
const LINE = '\u0003';
const PARA = '\u0004';

/** Resolve soft spaces, collapse runs of blank lines, strip trailing spaces and blank edges. */
function tidy(s: string): string {
  return s
    .replace(/[\u0001\u0002]*\u0001[\u0001\u0002]*(?=[.,;:!?)\]])/g, '')
    .replace(/\u0001/g, '')
    .replace(/[\n\u0002-\u0004]*[\u0003\u0004][\n\u0002-\u0004]*/g, (run) => (run.includes(PARA) || run.split('\n').length > 2 ? '\n\n' : '\n'))
    .replace(/(^|\n)[\u0001\u0002]+/g, '$1')
    .replace(/[\u0001\u0002]+(?=\n|$)/g, '')
    .replace(/[\u0001\u0002]+/g, ' ')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n[ \t\u00a0]+(?=\n)/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .replace(/^[ \t\u00a0]+/, '');
}

function renderChildren(el: Element, ctx: Ctx): string {
  let out = '';
  for (let child = el.firstChild; child; child = child.nextSibling) out += renderNode(child, ctx);
  return out;
}

function renderNode(node: Node, ctx: Ctx): string {
  if (node.nodeType === 3 /* text */) {
    const t = node.textContent ?? '';
    return ctx.pre ? t : t.replace(/\u00a0/g, ' ').replace(/[ \t\n\r\f]+/g, SOFT);
  }
  if (node.nodeType !== 1 /* element */) return '';
  const el = node as Element;
  if (ctx.dropped.has(el)) return GAP;
  const tag = el.tagName.toLowerCase();

  if (ctx.math.has(el)) return renderMath(el);
  if ((ctx.codeBlocks.has(el) && (tag === 'pre' || ctx.preAncestors.has(el))) || isLabelledCodeWrapper(el, tag, ctx)) return renderCodeBlock(el, ctx);

  switch (tag) {
    case 'br':
      return '\n';
    case 'hr':
      return PARA + '---' + PARA;
    case 'code':
    case 'kbd':
    case 'samp': {
      const t = (el.textContent ?? '').replace(/\s+/g, ' ');
      return t.trim() ? '`' + t + '`' : '';
    }
    case 'ul':
    case 'ol':
      return PARA + renderList(el, ctx) + PARA;
    case 'table':
      return PARA + renderTable(el, ctx) + PARA;
    case 'blockquote': {
      const inner = tidy(renderChildren(el, ctx));
      return inner
        ? PARA +
            inner
              .split('\n')
              .map((l) => (l ? '> ' + l : '>'))
              .join('\n') +
            PARA
        : '';
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const inner = tidy(renderChildren(el, ctx)).replace(/\s*\n\s*/g, ' ');
      return inner ? PARA + '#'.repeat(Number(tag[1])) + ' ' + inner + PARA : '';
    }
  }

  const inner = renderChildren(el, !ctx.pre && preservesWhitespace(el) ? { ...ctx, pre: true } : ctx);
  if (PARAGRAPH_BLOCKS.has(tag)) return PARA + inner + PARA;
  if (LINE_BLOCKS.has(tag)) {
    // A block holding only a response time ("1.3s") is chrome, not content.
    if (TIMING_RE.test(inner.replace(/[\u0001\u0002]/g, ' ')) && !el.querySelector('p')) return '';
    return LINE + inner + LINE;
  }
  return inner;
}

function preservesWhitespace(el: Element): boolean {
  const cls = el.getAttribute('class') ?? '';
  const style = el.getAttribute('style') ?? '';
  return /\bwhitespace-(?:pre(?:-wrap|-line)?|break-spaces)\b/.test(cls) || /white-space:\s*pre/.test(style);
}

// ── code ────────────────────────────────────────────────────────────────────────────────────────────────

function renderCodeBlock(block: Element, ctx: Ctx): string {
  const codeEl = codeElementOf(block);
  // A code block can be present but hidden (Gemini's collapsed "Show code" panel): keep what is shown.
  for (let p: Element | null = codeEl; p && p !== block; p = p.parentElement) if (ctx.dropped.has(p)) return GAP;
  let code = codeLines(codeEl);
  code = code.replace(/^\n+/, '').replace(/\s+$/, '');
  if (!code) return '';
  const lang = (ctx.languageOf?.(block) ?? defaultCodeLanguage(block, codeEl))?.toLowerCase() ?? '';
  const fence = code.includes('```') ? '````' : '```';
  ctx.codes.push(`${fence}${lang}\n${code}\n${fence}`);
  return `${PARA}\u0000${ctx.codes.length - 1}\u0000${PARA}`;
}

/** The element holding the code text: the `code` inside the innermost `pre` (or the block itself). */
function codeElementOf(block: Element): Element {
  const pres = block.querySelectorAll('pre');
  const pre = pres.length ? pres[pres.length - 1] : block;
  return pre.querySelector('code') ?? pre;
}

/**
 * Code text with line structure kept: text nodes verbatim, `br` and per-line block elements (CodeMirror's
 * `.cm-line` divs, line-number gutters dropped) as newlines.
 */
function codeLines(el: Element): string {
  const skip = new Set(
    Array.from(el.querySelectorAll('button, svg, [aria-hidden="true"], .cm-gutters, .linenumber, .line-number, .react-syntax-highlighter-line-number')),
  );
  // Pieces in an array and the last character tracked apart: `out.endsWith()` on a growing string flattens
  // it every time, which made a 160-line block quadratic.
  const parts: string[] = [];
  let last = '';
  const push = (t: string) => {
    if (!t) return;
    parts.push(t);
    last = t[t.length - 1]!;
  };
  const walk = (n: Node): void => {
    if (n.nodeType === 3) {
      push(n.nodeValue ?? '');
      return;
    }
    if (n.nodeType !== 1) return;
    const e = n as Element;
    const tag = e.tagName.toLowerCase();
    if (tag === 'br') {
      push('\n');
      return;
    }
    if (skip.has(e)) return;
    const isLine = tag === 'div' || tag === 'p' || tag === 'li';
    if (isLine && parts.length && last !== '\n') push('\n');
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
    if (isLine && last !== '\n') push('\n');
  };
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
  return parts.join('');
}

/**
 * The fence language of a code block when the DOM names it: a `language-x` / `lang-x` class or a
 * `data-language` attribute on the block or its code, else a one-token header label inside the block
 * (ChatGPT's "Python" header, Claude's "bash" label, Copilot's "bash" span) outside the code itself.
 */
function defaultCodeLanguage(block: Element, codeEl: Element = codeElementOf(block)): string | undefined {
  const candidates = [block, ...Array.from(block.querySelectorAll('code, pre, [data-language], [class*="language-"]'))];
  for (const c of candidates) {
    const attr = c.getAttribute('data-language') ?? c.getAttribute('data-lang');
    if (attr && LANGUAGE_LABEL_RE.test(attr)) return attr;
    const m = /(?:^|\s)(?:language|lang)-([A-Za-z0-9+#._-]+)/.exec(c.getAttribute('class') ?? '');
    if (m) return m[1];
  }
  const dropped = new Set(Array.from(block.querySelectorAll(ALWAYS_DROP.join(','))));
  const { label } = headerLabel(block, codeEl, dropped);
  return LANGUAGE_LABEL_RE.test(label) ? label : undefined;
}

/** The visible text of a code block outside its code and controls, and whether any of it is prose. */
function headerLabel(block: Element, codeEl: Element, dropped: Set<Element>): { label: string; prose: boolean } {
  // Stops as soon as the answer is clear (prose found, or more text than any label), so testing every
  // ancestor of a code block stays cheap on long messages.
  const labels: string[] = [];
  let length = 0;
  let prose = false;
  const walk = (n: Node): void => {
    if (prose || length > 40 || n === codeEl) return;
    if (n.nodeType === 3) {
      const t = (n.nodeValue ?? '').trim();
      if (t) {
        labels.push(t);
        length += t.length;
      }
      return;
    }
    if (n.nodeType !== 1) return;
    const e = n as Element;
    if (dropped.has(e)) return;
    if (/^(?:p|h[1-6]|li|ul|ol|blockquote|table)$/i.test(e.tagName) && !e.contains(codeEl) && (e.textContent ?? '').trim()) {
      prose = true;
      return;
    }
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(block);
  return { label: labels.join(' '), prose };
}

/**
 * A wrapper that holds one code block and nothing else but a language label (Copilot's
 * `div > [span "bash" + Copy] + div > pre`): rendered as that code block so the label becomes the fence
 * language instead of a stray line. Recognised by shape, not class, so no site needs a selector for it.
 */
function isLabelledCodeWrapper(el: Element, tag: string, ctx: Ctx): boolean {
  if ((tag !== 'div' && tag !== 'figure') || !ctx.preAncestors.has(el)) return false;
  const pres = el.querySelectorAll('pre');
  const outer = Array.from(pres).filter((p) => !p.parentElement?.closest('pre'));
  if (outer.length !== 1) return false;
  const { label, prose } = headerLabel(el, codeElementOf(el), ctx.dropped);
  return !prose && label !== '' && LANGUAGE_LABEL_RE.test(label);
}

// ── lists and tables ──────────────────────────────────────────────────────────────────────────────────

function renderList(list: Element, ctx: Ctx): string {
  const ordered = list.tagName.toLowerCase() === 'ol';
  let n = Number(list.getAttribute('start') ?? '1');
  if (!Number.isFinite(n)) n = 1;
  const items: string[] = [];
  for (const li of Array.from(list.children)) {
    if (ctx.dropped.has(li)) continue;
    if (li.tagName.toLowerCase() !== 'li') {
      // Some sites wrap items in extra divs; render them as ordinary content lines.
      const t = tidy(renderNode(li, ctx));
      if (t) items.push(t);
      continue;
    }
    // Inside one item, paragraphs are separate lines, not separate blocks (keeps the list compact).
    const body = tidy(renderChildren(li, ctx)).replace(/\n{2,}/g, '\n');
    const marker = ordered ? `${n++}. ` : '- ';
    const indent = ' '.repeat(marker.length);
    items.push(
      marker +
        body
          .split('\n')
          .map((l, i) => (i === 0 || !l ? l : indent + l))
          .join('\n'),
    );
  }
  return items.join('\n');
}

function renderTable(table: Element, ctx: Ctx): string {
  const rows = Array.from(table.querySelectorAll('tr')).filter((tr) => tr.closest('table') === table);
  const lines: string[] = [];
  rows.forEach((tr, i) => {
    const cells = Array.from(tr.children).filter((c) => /^(td|th)$/i.test(c.tagName) && !ctx.dropped.has(c));
    const texts = cells.map((c) =>
      tidy(renderChildren(c, ctx))
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\|/g, '\\|'),
    );
    lines.push('| ' + texts.join(' | ') + ' |');
    const isHeader = cells.length > 0 && cells.every((c) => c.tagName.toLowerCase() === 'th');
    if (i === 0 && isHeader) lines.push('| ' + cells.map(() => '---').join(' | ') + ' |');
  });
  return lines.join('\n');
}

// ── math ──────────────────────────────────────────────────────────────────────────────────────────────

const MATH = '[data-math], .katex, .katex-display, mjx-container, math';

/** KaTeX/MathJax render formulas several times over; keep the TeX source once. */
function renderMath(el: Element): string {
  // Gemini keeps the source on the wrapper (`span.math-inline[data-math]`, `div.math-block[data-math]`).
  const tex = el.getAttribute('data-math')?.trim() || el.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim();
  const display = el.matches('.katex-display, .math-block, [display="block"]') || !!el.closest('.katex-display');
  if (!tex) {
    const t = (el.textContent ?? '').trim();
    return t;
  }
  return display ? `\n\n$$${tex}$$\n\n` : `$${tex}$`;
}

/** Visible text of an element on one line (for labels such as a model picker or a title). */
export function labelText(el: Element | null | undefined): string {
  return el ? textOf(el).replace(/\s+/g, ' ').trim() : '';
}
