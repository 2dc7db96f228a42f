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
 * Guard: the first time a list container is seen, the block-wise result is compared with a full parse; if
 * roles, texts or ids differ (an adapter that needs the whole list at once), that container is always read
 * with full parses. Streaming flags are not compared: an adapter may flag "the last reply of what it was
 * given" while the stop button shows; such stale flags are re-read once the page stops streaming.
 */
import type { ParsedMessage, ParsedPage, SiteAdapter } from '../sites/types';

export class IncrementalReader {
  private cache = new WeakMap<Element, ParsedMessage[]>();
  /** List container → may be read block-wise (guard result). */
  private guard = new WeakMap<Element, boolean>();
  private dirty = new Set<Node>();
  /** Blocks parsed in the last read (for tests and the bench). */
  lastParsedBlocks = 0;
  fullParses = 0;

  constructor(private readonly adapter: SiteAdapter) {}

  /** Records a changed node (MutationRecord target). O(1): resolved to its block at the next read. */
  touch(node: Node): void {
    this.dirty.add(node);
  }

  reset(): void {
    this.cache = new WeakMap();
    this.dirty.clear();
  }

  read(root: Element, url: URL): ParsedPage {
    const list = listContainer(root);
    const blocks = Array.from(list.children);
    let mode = this.guard.get(list);
    if (blocks.length < 2) mode = false;
    else if (mode === undefined) {
      const full = this.adapter.parse(root, url);
      this.fullParses++;
      this.dirty.clear();
      const parts = blocks.map((b) => this.parseBlock(b, url));
      mode = sameMessages(full.messages, parts.flat());
      this.guard.set(list, mode);
      if (!mode) return full;
    }
    if (!mode) {
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

    let probe: ParsedPage;
    try {
      probe = this.adapter.parse(root.ownerDocument.createElement('div'), url);
    } catch {
      this.guard.set(list, false);
      this.fullParses++;
      return this.adapter.parse(root, url);
    }
    let parsed = 0;
    const perBlock = blocks.map((b) => {
      let ms = this.cache.get(b);
      if (!ms) {
        ms = this.parseBlock(b, url);
        parsed++;
      }
      return ms;
    });
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
