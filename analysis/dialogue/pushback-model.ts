/**
 * A small learned back-off for `user-pushback`: logistic regression over the user turn's words and word pairs
 * (first 40 tokens), its first three words, and three facts about the exchange (the assistant asked the user
 * something, the assistant refused, the user's turn is a question). Trained by `eval/train-pushback-model.ts`
 * on the hand-labelled dev/held-out/test splits; the weights ship as JSON next to this file.
 *
 * Why: hand-written cue lexicons keep precision but miss new phrasings (recall 0.35 on the untouched `final`
 * split, eval/README.md). The model is only consulted when no cue fired, with a high threshold chosen by
 * cross-validation, so it adds recall without giving up much precision. Its features are plain word counts;
 * nothing leaves the machine.
 */
import { REFUSAL, fold } from './cues';
import MODEL from './pushback-model.json';

export interface PushbackModel {
  /** Threshold on the probability above which a turn counts as pushback (picked by cross-validation). */
  threshold: number;
  trainedOn: string;
  weights: Record<string, number>;
}

/** Feature names of one exchange. Shared by training and use, so both see exactly the same features. */
export function pushbackFeatures(prev: string, user: string, assistantAsked: boolean): string[] {
  const out = new Set<string>(['BIAS']);
  const toks = (fold(user).toLowerCase().match(/[a-z']+|[?!]/g) ?? []).slice(0, 40);
  toks.forEach((t, i) => {
    out.add(`u:${t}`);
    if (i < 3) out.add(`s:${t}`);
    if (i) out.add(`b:${toks[i - 1]}_${t}`);
  });
  if (assistantAsked) out.add('A_ASKED');
  // A refusal sits in the opening or the end of an answer; very long answers are read there only.
  if (REFUSAL.test(fold(prev.length > 1200 ? `${prev.slice(0, 600)} ${prev.slice(-600)}` : prev))) out.add('A_REFUSAL');
  if (/\?\s*$/.test(user.trim())) out.add('U_Q');
  return [...out];
}

export function probability(model: PushbackModel, features: readonly string[]): number {
  let z = 0;
  for (const f of features) z += model.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

export const PUSHBACK_MODEL: PushbackModel = MODEL as PushbackModel;
