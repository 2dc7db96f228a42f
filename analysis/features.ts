/**
 * Per-message features computed once and shared by every tagger and the summary: interned prose tokens with
 * offsets, function-word / hedge / politeness class counts, sentence count and markdown marks. Cached per
 * Message object (WeakMap), so running ten taggers tokenizes each message once.
 */
import type { Message } from '../model/types';
import { maskCode, tokenize } from './text/tokenize';
import { countClasses, intern, N_CLASSES } from './text/classes';

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

/**
 * One pass over the raw text for the markdown marks and sentence ends. Group 1: list item, 2: heading,
 * 3: bold, 4: em dash, 5: sentence-final punctuation, 6: line end without final punctuation.
 */
const MARKS =
  /^[ \t]*(?:([-*•+]|\d{1,3}[.)])[ \t]+(?=\S)|(#{1,6})[ \t]+(?=\S))|(\*\*[^*\n]+\*\*)|(—| -- )|([.!?]+(?=\s|$))|((?<=[\p{L}\p{N})])[ \t]*(?:\n|$))/gmu;

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
  const t = tokenize(prose);
  const ids = new Int32Array(t.words.length);
  for (let i = 0; i < ids.length; i++) ids[i] = intern(t.words[i]);
  const classes = new Float64Array(N_CLASSES);
  countClasses(ids, classes);
  let bullets = 0;
  let headings = 0;
  let bold = 0;
  let emDashes = 0;
  let sentences = 0;
  MARKS.lastIndex = 0;
  let mm: RegExpExecArray | null;
  while ((mm = MARKS.exec(prose)) !== null) {
    if (mm[0].length === 0) MARKS.lastIndex++;
    if (mm[1] !== undefined) bullets++;
    else if (mm[2] !== undefined) headings++;
    else if (mm[3] !== undefined) bold++;
    else if (mm[4] !== undefined) emDashes++;
    else if (mm[5] !== undefined || mm[6] !== undefined) sentences++;
  }
  if (sentences === 0 && ids.length > 0) sentences = 1;
  return { ids, starts: t.starts, ends: t.ends, classes, sentences, bullets, headings, bold, emDashes };
}
