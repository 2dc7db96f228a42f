/**
 * A structural signal that one turn disputes the turn before it, without a phrase list fitted to labelled data:
 * the later turn NEGATES a proposition of the earlier one (a negation whose scope holds a content word of the
 * earlier turn: A "you should see it on the first page" → U "I can't see anything"). Used in both directions:
 * the assistant's reply denying what the user asserted (held position) and the assistant correcting the user's
 * own claim (concession). As a pushback trigger on its own it was measured and rejected (eval/README.md: 4 more
 * pushbacks for 10–11 false positives on the labelled splits).
 */
import { contentWords } from './answer-change';
import { fold } from './cues';

/** Crude stem so "worked"/"works"/"working" meet; enough to say "the same word came back". */
export function stem(w: string): string {
  return w.replace(/(?:ing|ed|es|s|ly)$/, '').slice(0, 7);
}

function stems(text: string): Set<string> {
  return new Set([...contentWords(text)].map(stem));
}

/**
 * Verbs of the user's own state ("I don't know", "I don't want to", "I don't care"): negating them reports the
 * user's mind, not that the assistant's proposition is false, even when the assistant used the same verb.
 */
const OWN_STATE = new Set(['know', 'think', 'want', 'care', 'understand', 'mind', 'need', 'like', 'remember', 'sure', 'wanna', 'feel', 'mean'].map(stem));

const NEGATION = /\b(?:not|never|no|nothing|nobody|none|nowhere|neither|cannot|\w+n't|\w+nt(?= ))\b/gi;
/** How many words after the negation may still be in its scope. */
const SCOPE_WORDS = 4;

export interface Span {
  start: number;
  end: number;
}

/**
 * A user sentence (in the opening of the turn, not a question, not a condition) that negates a content word
 * the assistant used in a positive statement. Returns the span of the negated phrase, or null. `subject`, when
 * given, must match the sentence's words before the negation (e.g. only "I/you …" denials).
 */
export function negatesAssistant(assistantText: string, userText: string, subject?: RegExp): Span | null {
  const user = fold(userText.slice(0, 300));
  const a = fold(assistantText.slice(0, 3000));
  const aStems = stems(a);
  // Content words the assistant itself negated: the user negating them agrees rather than disputes.
  const aNegated = new Set<string>();
  for (const m of a.matchAll(NEGATION)) for (const w of words(a.slice(m.index! + m[0].length, m.index! + m[0].length + 40)).slice(0, SCOPE_WORDS)) aNegated.add(stem(w));
  let from = 0;
  for (const sent of user.split(/(?<=[.!?\n])/)) {
    const s = sent;
    const start = from;
    from += sent.length;
    if (start > 200) break;
    if (/\?\s*$/.test(s) || /^\W*(?:if|when|unless|whether|maybe|i hope|please)\b/i.test(s)) continue;
    for (const m of s.matchAll(NEGATION)) {
      const neg = m[0].toLowerCase();
      const before = s.slice(0, m.index).toLowerCase();
      // "no problem", "not only", "no, thanks" — and a bare "No" opener is handled by the cue tagger's P3 rule.
      if (/^no$/.test(neg) && /^\W*$/.test(before)) continue;
      const scope = words(s.slice(m.index! + m[0].length)).slice(0, SCOPE_WORDS);
      if (subject && !subject.test(before)) continue;
      const subjectIsUser = /\bi\b[^.!?,]{0,15}$/.test(before);
      for (const w of scope) {
        const st = stem(w);
        if (w.length < 3 || !aStems.has(st) || aNegated.has(st)) continue;
        if (subjectIsUser && OWN_STATE.has(st)) continue;
        return { start: start + m.index!, end: start + m.index! + m[0].length + s.slice(m.index! + m[0].length).indexOf(w) + w.length };
      }
    }
  }
  return null;
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
}

/** "I am not…", "you didn't…": a denial between the two speakers, not a remark about a third thing. */
export const SPEAKER_SUBJECT = /^\W*(?:(?:no|well|actually|but|and)[,.!]?\s+)?(?:i|i'm|im|i am|you|you're|you are|we)\b[^.!?,]{0,20}$/i;
