/**
 * Word classes for style: the nine LSM function-word categories (eight open Noble & Fernández BNC lists plus our
 * negation list), hedges and politeness markers, looked up by interned token id. Multi-word entries
 * ("of course", "thank you") are matched as token sequences.
 */
import { FUNCTION_WORDS, COMMON_WORDS } from '../data/lists';
import { HEDGES, NEGATIONS, POLITENESS } from './lexicons';
import { CH_START, charClass, isAlphaWord, stem } from './tokenize';

/** LSM category order (Ireland & Pennebaker): fixed, used as vector positions everywhere. */
export const LSM_CATEGORIES = ['ppron', 'ipron', 'article', 'auxverb', 'adverb', 'prep', 'conj', 'negate', 'quant'] as const;
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

/**
 * Open-addressing table over the ASCII words already interned (hash of the lower-cased chars → id + 1), so the
 * scanner below finds a known word without allocating its string. A cache in front of `ids`: a miss falls back
 * to `intern`, so ids are handed out in exactly the same order as interning the words one by one.
 */
let asciiTable = new Int32Array(1 << 16);
let asciiCount = 0;

function asciiHash(text: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) {
    let c = text.charCodeAt(k);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

function sameAsciiWord(w: string, text: string, a: number, b: number): boolean {
  if (w.length !== b - a) return false;
  for (let k = a; k < b; k++) {
    let c = text.charCodeAt(k);
    if (c >= 65 && c <= 90) c += 32;
    if (w.charCodeAt(k - a) !== c) return false;
  }
  return true;
}

function tableInsert(table: Int32Array, h: number, id: number) {
  const mask = table.length - 1;
  let s = h & mask;
  while (table[s] !== 0) s = (s + 1) & mask;
  table[s] = id + 1;
}

/** Id of the ASCII word text[a, b), lower-cased; h = asciiHash(text, a, b), computed by the caller's scan. */
function internAscii(text: string, a: number, b: number, h: number): number {
  const mask = asciiTable.length - 1;
  for (let s = h & mask; ; s = (s + 1) & mask) {
    const e = asciiTable[s];
    if (e === 0) break;
    if (sameAsciiWord(vocab[e - 1], text, a, b)) return e - 1;
  }
  const id = intern(text.slice(a, b).toLowerCase());
  if (++asciiCount * 2 > asciiTable.length) {
    const old = asciiTable;
    asciiTable = new Int32Array(old.length * 2);
    for (let s = 0; s < old.length; s++)
      if (old[s] !== 0) {
        const w = vocab[old[s] - 1];
        tableInsert(asciiTable, asciiHash(w, 0, w.length), old[s] - 1);
      }
  }
  tableInsert(asciiTable, h, id);
  return id;
}

export interface TokenIds {
  /** Interned ids of the tokens, as `intern(tokenize(text).words[i])`. */
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
}

let bufIds = new Int32Array(1024);
let bufStarts = new Int32Array(1024);
let bufEnds = new Int32Array(1024);

/** Code point at i (a surrogate pair combined), or -1 past the end. */
function cpAt(text: string, i: number): number {
  if (i >= text.length) return -1;
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/**
 * `tokenize` + `intern` in one char-code pass: the same tokens (the WORD pattern of tokenize.ts, folded the same
 * way) and ids, without a regex match, a lower-cased string or a words array per token. This is the hot path of
 * the analysis (every message goes through it once); non-ASCII words take the exact string route of `tokenize`.
 */
export function internTokens(text: string): TokenIds {
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = cpAt(text, i);
    const w = c > 0xffff ? 2 : 1;
    if ((c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : charClass(c) === CH_START) === false) {
      i += w;
      continue;
    }
    const start = i;
    let ascii = c < 128;
    // asciiHash of the word, folded in as the scan goes (only meaningful while `ascii`).
    let h = 0x811c9dc5;
    if (ascii) h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
    i += w;
    for (;;) {
      // A run of letters, marks and digits…
      for (;;) {
        const d = cpAt(text, i);
        if (d < 0) break;
        if (d < 128) {
          if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57))) break;
          h = Math.imul(h ^ (d >= 65 && d <= 90 ? d + 32 : d), 0x01000193);
          i++;
        } else {
          if (charClass(d) === 0) break;
          ascii = false;
          i += d > 0xffff ? 2 : 1;
        }
      }
      // …then an apostrophe or hyphen joins another run only when one follows.
      const j = i < n ? text.charCodeAt(i) : -1;
      if (j !== 39 && j !== 0x2019 && j !== 45) break;
      const d = cpAt(text, i + 1);
      if (d < 0 || (d < 128 ? !((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57)) : charClass(d) === 0)) break;
      if (j === 0x2019) ascii = false;
      h = Math.imul(h ^ j, 0x01000193);
      i++;
    }
    let id: number;
    if (ascii) id = internAscii(text, start, i, h);
    else {
      let s = text.slice(start, i).toLowerCase();
      if (s.includes('’')) s = s.replace(/’/g, "'");
      id = intern(s);
    }
    if (count === bufIds.length) {
      const grow2 = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      bufIds = grow2(bufIds);
      bufStarts = grow2(bufStarts);
      bufEnds = grow2(bufEnds);
    }
    bufIds[count] = id;
    bufStarts[count] = start;
    bufEnds[count] = i;
    count++;
  }
  // One backing store for the three arrays: a third of the allocations, which the cache then keeps per message.
  const all = new Int32Array(count * 3);
  all.set(bufIds.subarray(0, count));
  all.set(bufStarts.subarray(0, count), count);
  all.set(bufEnds.subarray(0, count), count * 2);
  return { ids: all.subarray(0, count), starts: all.subarray(count, count * 2), ends: all.subarray(count * 2) };
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
