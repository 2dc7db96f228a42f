/**
 * Did the assistant's answer actually change? Keyword detectors of "capitulation" are mostly false positives
 * (SycoBench: ~95 %, science.md §3.2) because an apology often comes before the same answer. This module
 * compares the assistant's reply before and after a pushback on content, not on politeness: the overlap of
 * their content words, numbers that appear or vanish, and whether a refusal was dropped or kept.
 */
import { intern, isFunctionWord } from '../text/classes';
import { tokenize } from '../text/tokenize';
import { REFUSAL, fold } from './cues';

export interface AnswerChange {
  /** Share of the earlier reply's content words that the later reply repeats (0..1). */
  retained: number;
  /** Share of the later reply's content words that come from the earlier reply (0..1): a restatement scores high. */
  echoed: number;
  /** Jaccard overlap of the two replies' content-word sets (0..1). */
  jaccard: number;
  /** Numbers present in one reply and not the other. */
  numbersChanged: boolean;
  refusalBefore: boolean;
  refusalAfter: boolean;
  /** Content words in the later reply. */
  afterSize: number;
}

/** Content words: letters only, not function words, at least 3 characters (so "ok", "it's" don't count). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of tokenize(fold(text)).words) {
    if (w.length < 3 || !/^[a-z][a-z'-]*$/.test(w) || isFunctionWord(intern(w))) continue;
    out.add(w.replace(/'s$/, ''));
  }
  return out;
}

function numbers(text: string): Set<string> {
  return new Set(text.match(/\d+(?:[.,]\d+)?/g) ?? []);
}

/** Enough of an answer to judge whether its content changed; very long answers are compared on their head. */
const COMPARE_CHARS = 3000;

export function compareAnswers(before: string, after: string): AnswerChange {
  const a = contentWords(before.slice(0, COMPARE_CHARS));
  const b = contentWords(after.slice(0, COMPARE_CHARS));
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  const na = numbers(before);
  const nb = numbers(after);
  const numbersChanged = nb.size > 0 && [...nb].some((n) => !na.has(n));
  return {
    retained: a.size ? shared / a.size : 0,
    echoed: b.size ? shared / b.size : 0,
    jaccard: union ? shared / union : 0,
    numbersChanged,
    refusalBefore: REFUSAL.test(fold(before.slice(0, COMPARE_CHARS))),
    refusalAfter: REFUSAL.test(fold(after.slice(0, COMPARE_CHARS))),
    afterSize: b.size,
  };
}
