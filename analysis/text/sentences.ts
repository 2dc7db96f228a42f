/**
 * Sentence splitting for style (sentence length) and for locating stance statements. Rule-based: a sentence ends
 * at . ! ? (followed by space or end) or at a line break; list items and headings are their own sentences.
 * Common abbreviations ("e.g.", "Dr.") do not end a sentence.
 */

const ABBREV = /(?:\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|prof|st|no|approx|cf|fig)\.|\b[A-Z]\.)$/i;

/** [start, end) character ranges of the sentences of `text`, trimmed, in order. */
export function splitSentences(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /[.!?]+["')\]]*(?=\s|$)|\n+/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const end = m.index + m[0].length;
    if (m[0][0] !== '\n' && ABBREV.test(text.slice(Math.max(start, m.index - 6), m.index + 1))) continue;
    push(text, start, m[0][0] === '\n' ? m.index : end, out);
    start = end;
  }
  push(text, start, text.length, out);
  return out;
}

function push(text: string, a: number, b: number, out: [number, number][]) {
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (b > a && /[\p{L}\p{N}]/u.test(text.slice(a, b))) out.push([a, b]);
}
