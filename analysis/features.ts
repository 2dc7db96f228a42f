/**
 * Per-message features computed once and shared by every tagger and the summary: interned prose tokens with
 * offsets, function-word / hedge / politeness class counts, sentence count and markdown marks. Cached per
 * Message object (WeakMap), so running ten taggers tokenizes each message once.
 */
import type { Message } from '../model/types';
import { maskCode } from './text/tokenize';
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

const SENTENCE_END = /[.!?]+(?=\s|$)/g;
const LINE_END_WITHOUT_STOP = /[\p{L}\p{N})]/u;

export function features(m: Message): MessageFeatures {
  let f = cache.get(m);
  if (!f) {
    f = computeFeatures(m.text);
    cache.set(m, f);
  }
  return f;
}

export function computeFeatures(text: string): MessageFeatures {
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
  // Line by line with indexOf: far cheaper than one regex with line anchors and look-behinds.
  for (let a = 0; a <= prose.length; ) {
    let b = prose.indexOf('\n', a);
    if (b < 0) b = prose.length;
    let i = a;
    while (i < b && (prose[i] === ' ' || prose[i] === '\t')) i++;
    const c = prose[i];
    if ((c === '-' || c === '*' || c === '•' || c === '+') && (prose[i + 1] === ' ' || prose[i + 1] === '\t')) bullets++;
    else if (c >= '0' && c <= '9' && /^\d{1,3}[.)][ \t]+\S/.test(prose.slice(i, i + 6))) bullets++;
    else if (c === '#' && /^#{1,6}[ \t]+\S/.test(prose.slice(i, i + 8))) headings++;
    let j = b - 1;
    while (j > i && (prose[j] === ' ' || prose[j] === '\t' || prose[j] === '\r')) j--;
    // A line that ends without . ! ? still ends a sentence (list items, headings, chat-style lines).
    if (j >= i && LINE_END_WITHOUT_STOP.test(prose[j])) sentences++;
    a = b + 1;
  }
  if (prose.includes("**")) bold = prose.match(/\*\*[^*\n]+\*\*/g)?.length ?? 0;
  for (let k = prose.indexOf('—'); k >= 0; k = prose.indexOf('—', k + 1)) emDashes++;
  for (let k = prose.indexOf(' -- '); k >= 0; k = prose.indexOf(' -- ', k + 1)) emDashes++;
  SENTENCE_END.lastIndex = 0;
  while (SENTENCE_END.exec(prose) !== null) sentences++;
  if (sentences === 0 && ids.length > 0) sentences = 1;
  return { ids, starts: t.starts, ends: t.ends, classes, sentences, bullets, headings, bold, emDashes };
}
