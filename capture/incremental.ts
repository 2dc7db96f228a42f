/**
 * Incremental page reading for the capture loop: re-parses only the parts of the conversation that changed,
 * so a streaming reply costs one turn's parse instead of the whole page's (a 200-turn ChatGPT page takes
 * ~40–120 ms to parse in full: a long task on every check).
 *
 * How, without widening the adapter contract: the conversation list is cut into "blocks", the element
 * children of the list container (the root, or the wrapper it holds alone). `adapter.parse(block, url)` on a
 * live block reads that block's messages (adapters search descendants of the root they get and may look up
 * ancestors/the document for page-level state). Block results are cached per element; a mutation marks its
 * block dirty. Page-level state (is a reply streaming, title, conversation id) comes from parsing an empty
 * detached element of the document (adapters read it from the document, not from messages).
 *
 * Guard: the first time a list container is seen, reading its last few blocks one by one is compared with
 * one parse of the same blocks (on copies); if roles, texts or ids differ (an adapter that needs the whole
 * list at once), that container is always read with full parses. Streaming flags are not compared: an adapter may flag "the last reply of what it was
 * given" while the stop button shows; such stale flags are re-read once the page stops streaming.
 */
import type { ParsedMessage, ParsedPage, SiteAdapter } from '../sites/types';

/** How many of the last blocks the guard compares (see guardHolds). */
const GUARD_BLOCKS = 6;

export class IncrementalReader {
  private cache = new WeakMap<Element, ParsedMessage[]>();
  /** List container → may be read block-wise (guard result). */
  private guard = new WeakMap<Element, boolean>();
  private dirty = new Set<Node>();
  /** Blocks parsed in the last read (for tests and the bench). */
  lastParsedBlocks = 0;
  fullParses = 0;

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a changed node (MutationRecord target). O(1): resolved to its block at the next read. */
  touch(node: Node): void {
    this.dirty.add(node);
  }

  reset(): void {
    this.cache = new WeakMap();
    this.dirty.clear();
    this.pendingGuard = null;
  }

  /**
   * Reads the page. With a time budget, stops after the budget is spent while blocks remain unread and
   * returns null: the caller calls again later (from an idle callback) and reading resumes where it
   * stopped, so the first read of a long conversation is spread over many short tasks.
   */
  read(root: Element, url: URL, budgetMs = Infinity): ParsedPage | null {
    const list = listContainer(root);
    const blocks = Array.from(list.children);
    const mode = blocks.length < 2 ? false : this.guard.get(list);
    if (mode === false) {
      this.dirty.clear();
      this.fullParses++;
      this.lastParsedBlocks = blocks.length;
      return this.adapter.parse(root, url);
    }

    // Which blocks changed: walk each recorded node up to its block (or find it outside the list).
    for (const n of this.dirty) {
      let el: Node | null = n;
      while (el && el.parentNode !== list) el = el.parentNode;
      if (el && el.nodeType === 1) this.cache.delete(el as Element);
    }
    this.dirty.clear();

    const start = this.now();
    let parsed = 0;
    const perBlock: ParsedMessage[][] = [];
    for (const b of blocks) {
      let ms = this.cache.get(b);
      if (!ms) {
        if (parsed > 0 && this.now() - start > budgetMs) return null;
        ms = this.parseBlock(b, url);
        parsed++;
      }
      perBlock.push(ms);
    }
    if (mode === undefined) {
      const ok = this.guardHolds(root, list, blocks, url, start, budgetMs);
      if (ok === null) return null;
      this.guard.set(list, ok);
      if (!ok) return this.read(root, url);
    }
    let probe: ParsedPage;
    try {
      probe = this.adapter.parse(root.ownerDocument.createElement('div'), url);
    } catch {
      this.guard.set(list, false);
      this.fullParses++;
      return this.adapter.parse(root, url);
    }
    // The block holding the page's last message: a streaming flag it got while the page streamed is stale
    // once the page no longer streams, so read it again.
    let last = perBlock.length - 1;
    while (last >= 0 && perBlock[last]!.length === 0) last--;
    if (last >= 0 && !probe.streaming && perBlock[last]!.some((m) => m.streaming)) {
      perBlock[last] = this.parseBlock(blocks[last]!, url);
      parsed++;
    }
    const messages = perBlock.flat();
    this.lastParsedBlocks = parsed;
    // Adapters flag "the last reply of what they were given" while the page streams; given one block, that
    // is every block's last reply. Only the page's last message can be the one being written.
    const out = messages.map((m, i) => (m.streaming && i < messages.length - 1 ? { ...m, streaming: false } : m));
    const page: ParsedPage = {
      siteConversationId: probe.siteConversationId,
      messages: out,
      streaming: probe.streaming || out.some((m) => m.streaming === true),
    };
    if (probe.title) page.title = probe.title;
    const model = probe.model ?? [...messages].reverse().find((m) => m.model)?.model;
    if (model) page.model = model;
    return page;
  }

  /**
   * True when reading block by block gives what one parse of the same blocks gives. Checked on copies of the
   * last few blocks inside a copy of the root → list chain (cheap, and adapters that join pieces across
   * turns show it in any window of consecutive turns).
   */
  private guardHolds(root: Element, list: Element, blocks: readonly Element[], url: URL, start: number, budgetMs: number): boolean | null {
    // Resumable like the first read: each adapter call on a long page costs a few ms (document-wide lookups).
    if (this.pendingGuard?.list !== list) {
      const chain: Element[] = [];
      for (let el: Element | null = list; el && el !== root; el = el.parentElement) chain.unshift(el);
      const copyRoot = root.cloneNode(false) as Element;
      let parent = copyRoot;
      for (const el of chain) parent = parent.appendChild(el.cloneNode(false) as Element);
      const copies = blocks.slice(-GUARD_BLOCKS).map((b) => b.cloneNode(true) as Element);
      parent.append(...copies);
      try {
        this.pendingGuard = { list, copies, whole: this.adapter.parse(copyRoot, url).messages, parts: [] };
      } catch {
        return false;
      }
    }
    const g = this.pendingGuard;
    try {
      while (g.parts.length < g.copies.length) {
        if (this.now() - start > budgetMs) return null;
        g.parts.push(this.adapter.parse(g.copies[g.parts.length]!, url).messages);
      }
    } catch {
      this.pendingGuard = null;
      return false;
    }
    this.pendingGuard = null;
    return sameMessages(g.whole, g.parts.flat());
  }

  private pendingGuard: { list: Element; copies: Element[]; whole: ParsedMessage[]; parts: ParsedMessage[][] } | null = null;

  private parseBlock(block: Element, url: URL): ParsedMessage[] {
    const ms = this.adapter.parse(block, url).messages;
    this.cache.set(block, ms);
    return ms;
  }
}

/** The element whose children are the conversation's turns: the root, or the wrapper it holds alone. */
export function listContainer(root: Element): Element {
  let el = root;
  for (let depth = 0; depth < 8 && el.children.length === 1; depth++) el = el.children[0]!;
  return el;
}

function sameMessages(a: readonly ParsedMessage[], b: readonly ParsedMessage[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => {
      const o = b[i]!;
      return m.role === o.role && m.text === o.text && m.siteMessageId === o.siteMessageId && m.time === o.time;
    })
  );
}
