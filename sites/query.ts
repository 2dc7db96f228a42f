/**
 * Selector and query helpers for the site adapters: finding turns and messages in a page (selector lists tried
 * newest markup first, outermost matches only, the element to observe), the document of a node, and the variant
 * counter ("2/3") of a regenerated reply. Turning a message into text is `text.ts`'s job. Pure: works on any DOM
 * and uses no globals.
 */

/** The first element matching any selector, trying selectors in order (newest site markup first). */
export function firstMatch(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/** Every element matching any of the selectors, in document order, without duplicates. */
export function allMatches(root: ParentNode, selectors: readonly string[]): Element[] {
  if (!selectors.length) return [];
  return Array.from(root.querySelectorAll(selectors.join(',')));
}

/**
 * Elements matching the selectors that are not inside another match: the outermost turn wrappers even when
 * a site nests a wrapper of the same kind (e.g. a message div inside a turn that matches the same selector).
 */
export function outermostMatches(root: ParentNode, selectors: readonly string[]): Element[] {
  const all = allMatches(root, selectors);
  const set = new Set(all);
  return all.filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}

/**
 * {@link outermostMatches}, counting `root` itself when it matches: the capture loop's incremental reader
 * (capture/incremental.ts) hands an adapter one block of the list at a time, and on sites whose blocks are
 * the message elements themselves (Le Chat, HuggingChat, Meta AI) that block is the message.
 */
export function outermostMatchesWithin(root: ParentNode, selectors: readonly string[]): Element[] {
  const self = root as Element;
  if (self.nodeType === 1 && selectors.length && self.matches(selectors.join(','))) return [self];
  return outermostMatches(root, selectors);
}

/** True when any selector matches inside root. */
export function hasMatch(root: ParentNode, selectors: readonly string[]): boolean {
  return selectors.length > 0 && root.querySelector(selectors.join(',')) !== null;
}

/**
 * A variant counter as sites show it for regenerated replies and edited prompts: "2/3", "2 / 3", "< 2/3 >".
 * Returns {index (0-based), count} or undefined.
 */
export function parseVariant(text: string | null | undefined): { index: number; count: number } | undefined {
  const m = /(?:^|[^\d])(\d{1,3})\s*\/\s*(\d{1,3})(?:[^\d]|$)/.exec(text ?? '');
  if (!m) return undefined;
  const i = Number(m[1]);
  const n = Number(m[2]);
  return i >= 1 && n >= 2 && i <= n ? { index: i - 1, count: n } : undefined;
}

/** The document a node belongs to (works for Document, Element and DocumentFragment roots). */
export function docOf(root: ParentNode): Document | null {
  const n = root as Node;
  return n.nodeType === 9 ? (n as Document) : n.ownerDocument;
}

/**
 * The variant counter ("2/3", "2 / 3") a site shows next to a regenerated reply or an edited prompt: a leaf
 * element inside `scope` whose whole text is the counter, outside the message content (`exclude`), so that
 * a "1/2" written in the reply itself is never mistaken for it.
 */
export function variantIn(scope: Element, exclude: readonly Element[] = []): { index: number; count: number } | undefined {
  // Most turns hold no "n/m" at all: one textContent read rules them out before any walk.
  if (!/\d\s*\/\s*\d/.test(scope.textContent ?? '')) return undefined;
  const doc = scope.ownerDocument;
  const walker = doc.createTreeWalker(scope, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue ?? '';
    if (!/^\s*\d{1,3}\s*\/\s*\d{1,3}\s*$/.test(t)) continue;
    const el = n.parentElement;
    if (!el || el.children.length > 0 || !/^(?:span|div|p|output)$/i.test(el.tagName)) continue;
    if ((el.textContent ?? '') !== t) continue;
    if (exclude.some((x) => x.contains(el))) continue;
    const v = parseVariant(t);
    if (v) return v;
  }
  return undefined;
}

/** The nearest element containing all of `els` (null for none): a root for pages without a stable container. */
export function commonAncestor(els: readonly Element[]): Element | null {
  if (!els.length) return null;
  let anc: Element | null = els[0].parentElement;
  while (anc && !els.every((e) => anc!.contains(e))) anc = anc.parentElement;
  return anc;
}

/**
 * The element a site's messages live in, for the capture loop to observe: the first of `rootSelectors` that
 * encloses the first message (outermost candidates first: they outlive re-renders), else `fallback` of it.
 * Null while no message is on the page.
 */
export function rootAroundMessages(
  doc: Document,
  messageSelectors: readonly string[],
  rootSelectors: readonly string[],
  fallback: 'parent' | 'body' = 'parent',
): Element | null {
  const first = doc.querySelector(messageSelectors.join(','));
  if (!first) return null;
  for (const sel of rootSelectors) {
    const found = first.closest(sel);
    if (found) return found;
  }
  return fallback === 'body' ? doc.body : first.parentElement;
}
