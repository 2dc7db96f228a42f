/**
 * The one word tokenizer of the analysis: lower-cased word tokens with their character offsets, so every tag
 * can point at exact spans. Every tagger reads tokens through this module (usually via `features.ts`, which
 * caches them per message), so "a word" means the same thing everywhere.
 */

/**
 * A word is a run of letters/digits, optionally joined by an apostrophe or hyphen ("don't", "well-known").
 * Typographic apostrophes are folded to ASCII so "don’t" and "don't" are one word.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{M}\p{N}]+)*/gu;

export interface Tokens {
  /** Lower-cased word forms. */
  words: string[];
  /** starts[i], ends[i]: character offsets of words[i] in the original text (end exclusive). */
  starts: Int32Array;
  ends: Int32Array;
}

export function tokenize(text: string): Tokens {
  const words: string[] = [];
  let starts = new Int32Array(64);
  let ends = new Int32Array(64);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const n = words.length;
    if (n === starts.length) {
      const s2 = new Int32Array(n * 2);
      s2.set(starts);
      starts = s2;
      const e2 = new Int32Array(n * 2);
      e2.set(ends);
      ends = e2;
    }
    const raw = m[0];
    let w = raw.toLowerCase();
    if (w.includes('’')) w = w.replace(/’/g, "'");
    words.push(w);
    starts[n] = m.index;
    ends[n] = m.index + raw.length;
  }
  return { words, starts: starts.subarray(0, words.length), ends: ends.subarray(0, words.length) };
}

/**
 * Code-point classes of the WORD pattern, for scanners that walk text by char code instead of running the regex
 * (features.ts interns tokens straight from the text). 1 = may start a word (\p{L}, \p{N}), 2 = may only
 * continue one (\p{M}), 0 = neither. Non-ASCII classes come from the same Unicode properties, memoised per code.
 */
export const CH_START = 1;
const CH_CONT = 2;
const START_CHAR = /^[\p{L}\p{N}]$/u;
const MARK_CHAR = /^\p{M}$/u;
const bmpClass = new Uint8Array(65536);
const bmpKnown = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  bmpKnown[c] = 1;
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) bmpClass[c] = CH_START;
}
const astralClass = new Map<number, number>();

function classOf(s: string): number {
  return START_CHAR.test(s) ? CH_START : MARK_CHAR.test(s) ? CH_CONT : 0;
}

/** Class of the code point `cp` (a lone surrogate is neither, as for the `u` regex). */
export function charClass(cp: number): number {
  if (cp < 65536) {
    if (bmpKnown[cp] === 0) {
      bmpKnown[cp] = 1;
      bmpClass[cp] = cp >= 0xd800 && cp <= 0xdfff ? 0 : classOf(String.fromCharCode(cp));
    }
    return bmpClass[cp];
  }
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = classOf(String.fromCodePoint(cp))));
  return k;
}

/**
 * Prose view of a message: fenced code blocks and inline code replaced by spaces (offsets preserved), so code
 * identifiers never count as vocabulary or style. Returns the text unchanged when it has no backticks.
 */
export function maskCode(text: string): string {
  if (!text.includes('`')) return text;
  return text.replace(/```[\s\S]*?(?:```|$)/g, (s) => s.replace(/[^\n]/g, ' ')).replace(/`[^`\n]+`/g, (s) => ' '.repeat(s.length));
}

/** True for tokens made only of letters (no digits), the only ones that count as vocabulary. */
export function isAlphaWord(w: string): boolean {
  return /^[\p{L}][\p{L}\p{M}'\-]*$/u.test(w);
}

/**
 * A light suffix stripper used only to ask "has this person used this word before, in any inflection?"
 * (simmer / simmering / simmered). Deliberately conservative: it only folds regular inflections, and
 * over-folding would only make term-uptake fire less, never more.
 */
export function stem(word: string): string {
  let s = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (s.length <= 3) return s;
  if ((s.endsWith('ies') || s.endsWith('ied')) && s.length > 4) s = s.slice(0, -3) + 'y';
  else if (s.endsWith('ing') && s.length > 5) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length > 4) s = undouble(s.slice(0, -2));
  else if (s.endsWith('ly') && s.length > 5) s = s.slice(0, -2);
  else if (/(?:ss|sh|ch|x|z)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1);
  // make / makes / making all end as "mak": drop a final e after the suffix is gone.
  if (s.endsWith('e') && s.length > 3) s = s.slice(0, -1);
  return s;
}

function undouble(s: string): string {
  const n = s.length;
  if (n > 3 && s[n - 1] === s[n - 2] && !/[lsz]/.test(s[n - 1])) return s.slice(0, -1);
  return s;
}
