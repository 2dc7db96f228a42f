/**
 * Did the assistant ask the user something? Then a leading "No" from the user is an answer, not a dispute
 * (eval/LABELLING.md P8). Suggestions phrased as questions ("Have you tried…?", "Why not…?") are suggestions:
 * rejecting them can be pushback. An input of the act models (analysis/acts/features.ts).
 */
import { fold } from './cues';
import { splitSentences } from '../text/sentences';

/** A question at the end, or a guess like "Do you mean…?" anywhere in the opening or the end. */
export function askedTheUser(text: string): boolean {
  // Only the end of a long answer can be a question to the user (guesses like "Do you mean…?" come early too,
  // so the head is kept).
  const t = fold(text.length > 1200 ? `${text.slice(0, 600)} ${text.slice(-600)}` : text);
  if (/\b(?:you mean|do you mean|are you (?:asking|saying|talking|referring|trying)|is (?:this|that|it) (?:a|an|for|what|about))\b[^?]{0,120}\?/i.test(t))
    return true;
  if (!endsWithQuestion(t)) return false;
  const sents = splitSentences(t);
  const last = t.slice(...sents[sents.length - 1]);
  return !/^\W*(?:or )?(?:why not|wouldn'?t (?:it|that|you)|have you (?:tried|thought|considered)|how about|what about|maybe\b|could you (?:try|just))\b/i.test(
    last,
  );
}

/** Did the assistant's turn end with a question? */
function endsWithQuestion(text: string): boolean {
  const sents = splitSentences(text);
  const last = sents[sents.length - 1];
  return !!last && /\?\s*["')\]]*$/.test(text.slice(last[0], last[1]));
}
