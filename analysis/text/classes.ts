/**
 * Word classes for style: the nine LSM function-word categories (eight open Noble & Fernández BNC lists plus our
 * negation list), hedges and politeness markers, looked up by interned token id. Multi-word entries
 * ("of course", "thank you") are matched as token sequences.
 */
import { FUNCTION_WORDS, COMMON_WORDS } from '../data/lists';
import { HEDGES, NEGATIONS, POLITENESS } from './lexicons';
import { isAlphaWord, stem } from './tokenize';

/** LSM category order (Ireland & Pennebaker): fixed, used as vector positions everywhere. */
export const LSM_CATEGORIES = [
  'ppron', 'ipron', 'article', 'auxverb', 'adverb', 'prep', 'conj', 'negate', 'quant',
] as const;
export type LsmCategory = (typeof LSM_CATEGORIES)[number];
/** Bit positions after the nine LSM categories. */
export const CLASS_HEDGE = 9;
export const CLASS_POLITE = 10;
export const N_CLASSES = 11;

const SOURCES: [number, readonly string[]][] = [
  [0, FUNCTION_WORDS.personalPronouns],
  [1, FUNCTION_WORDS.impersonalPronouns],
  [2, FUNCTION_WORDS.articles],
  [3, FUNCTION_WORDS.auxiliaryVerbs],
  [4, FUNCTION_WORDS.adverbs],
  [5, FUNCTION_WORDS.prepositions],
  [6, FUNCTION_WORDS.conjunctions],
  [7, NEGATIONS],
  [8, FUNCTION_WORDS.quantifiers],
  [CLASS_HEDGE, HEDGES],
  [CLASS_POLITE, POLITENESS],
];

/**
 * Token interning: each distinct lower-cased word gets a small integer id once, so per-token lookups (classes,
 * common-word rank, n-gram hashes) are array reads rather than string hashing. Ids are process-local and
 * never stored.
 */
const ids = new Map<string, number>();
const vocab: string[] = [];
let classBits = new Int32Array(4096);
/** Bit mask: token starts at least one multi-word entry. */
let phraseStart = new Uint8Array(4096);
/** Rank in the common-word list (1-based), 0 when not common. */
let commonRank = new Int32Array(4096);
/** Interned id of the word's stem + 1 (0 = not computed yet). */
let stems = new Int32Array(4096);
/** 1 = alphabetic word, 2 = not (0 = not computed yet). */
let alpha = new Uint8Array(4096);

export function intern(w: string): number {
  let id = ids.get(w);
  if (id === undefined) {
    id = vocab.length;
    ids.set(w, id);
    vocab.push(w);
    if (id >= classBits.length) grow(id * 2);
  }
  return id;
}

export function wordOf(id: number): string {
  return vocab[id];
}

function grow(n: number) {
  const c = new Int32Array(n);
  c.set(classBits);
  classBits = c;
  const p = new Uint8Array(n);
  p.set(phraseStart);
  phraseStart = p;
  const r = new Int32Array(n);
  r.set(commonRank);
  commonRank = r;
  const st = new Int32Array(n);
  st.set(stems);
  stems = st;
  const al = new Uint8Array(n);
  al.set(alpha);
  alpha = al;
}

/** Interned id of the word's stem (see tokenize.ts `stem`), memoised per word id. */
export function stemId(id: number): number {
  const s = stems[id];
  if (s !== 0) return s - 1;
  const sid = intern(stem(vocab[id]));
  stems[id] = sid + 1;
  return sid;
}

/** True for words made only of letters (memoised per word id). */
export function isAlpha(id: number): boolean {
  let a = alpha[id];
  if (a === 0) {
    a = isAlphaWord(vocab[id]) ? 1 : 2;
    alpha[id] = a;
  }
  return a === 1;
}

/** Multi-word entries by first token id: [token ids, class bit]. */
const phrases = new Map<number, [number[], number][]>();

for (const [bit, list] of SOURCES) {
  for (const entry of list) {
    const parts = entry.split(' ');
    if (parts.length === 1) {
      const id = intern(entry);
      classBits[id] |= 1 << bit;
    } else {
      const seq = parts.map(intern);
      phraseStart[seq[0]] = 1;
      const arr = phrases.get(seq[0]) ?? [];
      arr.push([seq, bit]);
      phrases.set(seq[0], arr);
    }
  }
}
COMMON_WORDS.forEach((w, i) => {
  commonRank[intern(w)] = i + 1;
});

/** Stems of the common words: "emails", "hitting" are as everyday as "email", "hit". */
let commonStems: Set<number> | null = null;

/** True when the word or its stem is among the common words. */
export function isCommonWord(id: number): boolean {
  if (commonRank[id] !== 0) return true;
  if (!commonStems) commonStems = new Set(COMMON_WORDS.map((w) => stemId(intern(w))));
  return commonStems.has(stemId(id));
}

export function classMask(id: number): number {
  return classBits[id];
}

/** True for any LSM function word (these never count as vocabulary). */
export function isFunctionWord(id: number): boolean {
  return (classBits[id] & 0x1ff) !== 0;
}

/** 1-based rank in the common-word list, or 0 when the word is not among the common words. */
export function commonRankOf(id: number): number {
  return commonRank[id];
}

/**
 * Adds per-class hit counts of a token-id sequence into `out` (length N_CLASSES). A word in several classes
 * (e.g. "as": adverb, conjunction, preposition) counts in each, as in LIWC-style dictionaries.
 */
export function countClasses(seq: ArrayLike<number>, out: Float64Array | number[]): void {
  const n = seq.length;
  for (let i = 0; i < n; i++) {
    const id = seq[i];
    let bits = classBits[id];
    while (bits !== 0) {
      const b = 31 - Math.clz32(bits);
      out[b]++;
      bits &= ~(1 << b);
    }
    if (phraseStart[id] === 1) {
      for (const [p, bit] of phrases.get(id)!) {
        let ok = i + p.length <= n;
        for (let k = 1; ok && k < p.length; k++) ok = seq[i + k] === p[k];
        if (ok) out[bit]++;
      }
    }
  }
}

/**
 * The interned vocabulary in id order. History states key words by id, so a stored state is only meaningful
 * with the vocabulary it was built with: save this next to it (engine.ts `saveHistoryState`).
 */
export function vocabularySnapshot(): string[] {
  return vocab.slice();
}

/**
 * Makes ids match a saved vocabulary: every word interned so far must sit at the same position in `words`;
 * the rest are interned in order. Returns false (and changes nothing) when the current vocabulary disagrees,
 * e.g. because other text was analysed first in this process with different words.
 */
export function restoreVocabulary(words: readonly string[]): boolean {
  const n = Math.min(vocab.length, words.length);
  for (let i = 0; i < n; i++) if (vocab[i] !== words[i]) return false;
  if (vocab.length > words.length) return false;
  for (let i = vocab.length; i < words.length; i++) intern(words[i]);
  return true;
}
