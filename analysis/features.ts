/**
 * Per-message features computed once and shared by every tagger and the summary: interned prose tokens with
 * offsets, function-word / hedge / politeness class counts, sentence count and markdown marks. Cached per
 * Message object (WeakMap), so running ten taggers tokenizes each message once.
 */
import type { Message } from '../model/types';
import { CH_START, charClass, maskCode } from './text/tokenize';
import { countClasses, internTokens, N_CLASSES } from './text/classes';

export interface MessageFeatures {
  /** Interned ids of the prose tokens (code blocks and inline code excluded). */
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Hit counts per class (the nine LSM categories, then hedge, politeness). */
  classes: Float64Array;
  sentences: number;
  bullets: number;
  headings: number;
  bold: number;
  emDashes: number;
}

const cache = new WeakMap<Message, MessageFeatures>();

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** The characters of the regex class \s. */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function features(m: Message): MessageFeatures {
  let f = cache.get(m);
  if (!f) {
    f = computeFeatures(m.text);
    cache.set(m, f);
  }
  return f;
}

function computeFeatures(text: string): MessageFeatures {
  const prose = maskCode(text);
  const t = internTokens(prose);
  const ids = t.ids;
  const classes = new Float64Array(N_CLASSES);
  countClasses(ids, classes);
  let bullets = 0;
  let headings = 0;
  let bold = 0;
  let emDashes = 0;
  let sentences = 0;
  // Line by line with indexOf and char codes: far cheaper than one regex with line anchors and look-behinds.
  for (let a = 0; a <= prose.length; ) {
    let b = prose.indexOf('\n', a);
    if (b < 0) b = prose.length;
    let i = a;
    while (i < b && isBlank(prose.charCodeAt(i))) i++;
    const c = i < prose.length ? prose.charCodeAt(i) : -1;
    const next = i + 1 < prose.length ? prose.charCodeAt(i + 1) : -1;
    // - * • + then a blank
    if ((c === 45 || c === 42 || c === 0x2022 || c === 43) && isBlank(next)) bullets++;
    else if (c >= 48 && c <= 57 && /^\d{1,3}[.)][ \t]+\S/.test(prose.slice(i, i + 6))) bullets++;
    else if (c === 35 && /^#{1,6}[ \t]+\S/.test(prose.slice(i, i + 8))) headings++;
    let j = b - 1;
    while (j > i && (isBlank(prose.charCodeAt(j)) || prose.charCodeAt(j) === 13)) j--;
    // A line that ends without . ! ? still ends a sentence (list items, headings, chat-style lines): one that
    // ends in a letter, a digit or ")" (one UTF-16 unit, as the former /[\p{L}\p{N})]/u test of text[j]).
    if (j >= i) {
      const e = prose.charCodeAt(j);
      if (e === 41 || charClass(e) === CH_START) sentences++;
    }
    a = b + 1;
  }
  if (prose.includes('**')) bold = prose.match(/\*\*[^*\n]+\*\*/g)?.length ?? 0;
  for (let k = prose.indexOf('—'); k >= 0; k = prose.indexOf('—', k + 1)) emDashes++;
  for (let k = prose.indexOf(' -- '); k >= 0; k = prose.indexOf(' -- ', k + 1)) emDashes++;
  // Runs of . ! ? followed by white space or the end (the former /[.!?]+(?=\s|$)/g, one count per run).
  for (let k = 0; k < prose.length; k++) {
    let c = prose.charCodeAt(k);
    if (c !== 46 && c !== 33 && c !== 63) continue;
    while (c === 46 || c === 33 || c === 63) c = ++k < prose.length ? prose.charCodeAt(k) : -1;
    if (c === -1 || isJsSpace(c)) sentences++;
  }
  if (sentences === 0 && ids.length > 0) sentences = 1;
  return { ids, starts: t.starts, ends: t.ends, classes, sentences, bullets, headings, bold, emDashes };
}
