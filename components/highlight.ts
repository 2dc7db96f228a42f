/**
 * Splits a message's text into plain and highlighted pieces from character spans. The pieces are rendered
 * as Preact text nodes, never as HTML, so captured text (which may contain markup) stays inert.
 */

export interface Piece {
  text: string;
  mark: boolean;
}

/**
 * Pieces of `text` with `spans` ([start, end) character offsets) marked. Spans may overlap, be unsorted
 * or run past the text (analysis versions change); they are clipped and merged rather than trusted.
 */
export function splitBySpans(text: string, spans: readonly (readonly [number, number])[] | undefined): Piece[] {
  const clean = (spans ?? [])
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const s of clean) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const out: Piece[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: text.slice(at, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    at = b;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** Spans of every whole-word, case-insensitive occurrence of `term` (used when a tag names a term but has no spans). */
export function spansOfTerm(text: string, term: string): [number, number][] {
  if (!term.trim()) return [];
  const escaped = term.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu');
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}
