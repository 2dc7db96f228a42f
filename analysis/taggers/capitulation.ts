/**
 * `assistant-capitulation` and `assistant-held-position` (user→assistant): the two outcomes of one exchange —
 * the assistant answers, the user pushes back (see pushback.ts), the assistant replies. Direction for both is
 * user→assistant: the user's pushback is the attempted influence; capitulation is the assistant giving way,
 * held position is the assistant resisting it.
 *
 * Capitulation needs an actual change of content, never an apology or "you're right" alone (keyword flip
 * detectors are ~95 % false positives, science.md §3.2): a reversal phrase AND the earlier answer's content
 * largely gone (or its numbers changed, or a refusal dropped), or a refusal dropped with an explicit "OK/sure".
 * Held position: the refusal is repeated, the assistant says it stands by its answer, or the reply repeats the
 * earlier answer's content — including an apology or "you're right" followed by the same answer.
 * Replies that only ask a question back, or change the subject, get neither tag.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag, TagType } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { messageTime, ref, tagId } from '../evidence';
import { compareAnswers, type AnswerChange } from '../dialogue/answer-change';
import { COMPLY_OPENING, DEFLECTION, OFFER_OPENING, INSIST_CUES, REFUSAL, YIELD_CUES, findCues, fold, quote, spansOf, type CueHit } from '../dialogue/cues';
import { endsWithQuestion, findPushbacks } from './pushback';
import { SPEAKER_SUBJECT, negatesAssistant } from '../dialogue/contradiction';

export type Outcome = 'assistant-capitulation' | 'assistant-held-position';

export interface OutcomeFinding {
  outcome: Outcome;
  confidence: number;
  /** Why, in words, for the explanation. */
  reason: string;
  hits: CueHit[];
  change: AnswerChange;
}

/** Reversal phrases count only near the start of the reply (later they are usually about something else). */
const YIELD_WINDOW = 160;
/** At or above this share, the answer counts as repeated. */
const REPEATED = 0.5;
/** An "OK, sure" reply that keeps this share of the earlier answer's content words has not changed it. */
const SAME_CONTENT = 0.6;
/** At or above this share of the reply's own content words taken from the earlier answer, it restates it. */
const ECHOED = 0.5;

function isOnlyQuestion(text: string): boolean {
  // "What about dinner with a friend?" offers an answer; it is not a question back.
  if (OFFER_OPENING.test(text)) return false;
  const t = text.trim();
  return t.length < 220 && /\?\s*$/.test(t) && !/[.!]\s/.test(t.slice(0, -1));
}

function hitOf(id: string, strength: number, m: RegExpExecArray): CueHit {
  return { id, strength, start: m.index, end: m.index + m[0].length };
}

/** The first sentence of the reply, where a reversal has to be for it to be about the pushback. */
function firstSentence(text: string): string {
  const m = /^[\s\S]*?(?:[.!?](?=\s|$)|\n|$)/.exec(text);
  return m ? m[0] : text;
}

/**
 * Pushback cues that say the user did not get what they asked for (as opposed to disputing a claim): after
 * these, an "OK, here's…" reply is the assistant giving way.
 */
const WANTED_MORE = new Set(['not-helpful', 'not-what-asked', 'insist', 'dont-need-to-know', 'you-cant', 'i-asked', 'like-i-said', 'you-failed', 'not-x-but-y', 'no-such', 'that-eval', 'thats-not', 'contrast-open', 'said-so', 'evasive', 'you-didnt']);
/** A bare "No, …" asks for something else only when the user goes on to ask for it. */
const ASKS_FOR = /\b(?:i (?:want|need|'d like|would like)|is there|give me|tell me|show me|help me|can you|please)\b/i;

/** Lower-cased letters and digits only, for "the reply repeats the earlier answer word for word". */
function bare(text: string): string {
  return fold(text).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

export function classifyReply(
  before: string,
  reply: string,
  pushbackCues: readonly string[] = [],
  pushbackText = '',
): OutcomeFinding | null {
  // Reversal, refusal and insistence show in the opening of a reply; long replies are cut for the cue search
  // (the content comparison still reads both answers).
  const r = fold(reply.slice(0, 700));
  const change = compareAnswers(before, reply);
  if (isOnlyQuestion(r)) return null;
  const yieldHits = findCues(r, YIELD_CUES).filter((h) => h.start < YIELD_WINDOW);
  // "You're right, but…" or "you are right that I'm not…" keeps the assistant's position.
  const strongYield = yieldHits.filter(
    (h) => h.strength >= 0.8 && !/\b(?:but|however|though)\b|\bright that i\b/i.test(firstSentence(r.slice(h.start))),
  );
  const refusalAfter = REFUSAL.exec(r);
  const wantedMore =
    pushbackCues.some((c) => WANTED_MORE.has(c)) || (pushbackCues.includes('no-after-assertion') && ASKS_FOR.test(fold(pushbackText)));

  if (refusalAfter && !strongYield.length) {
    return {
      outcome: 'assistant-held-position',
      confidence: change.refusalBefore ? 0.85 : 0.8,
      reason: change.refusalBefore ? 'it refused again' : 'it still would not do it',
      hits: [hitOf('refusal', 0.85, refusalAfter)],
      change,
    };
  }
  const replaced = change.retained < REPEATED || change.numbersChanged || change.refusalBefore;
  if (strongYield.length && replaced && change.afterSize >= 2) {
    return { outcome: 'assistant-capitulation', confidence: 0.8, reason: 'it agreed with you and changed its answer', hits: strongYield, change };
  }
  const comply = COMPLY_OPENING.exec(r);
  const earlierWithheld =
    change.refusalBefore || DEFLECTION.test(fold(before)) || endsWithQuestion(before) || wantedMore;
  // An "OK, sure" over the same content is agreement in words only (SycoBench's false flips).
  if (comply && earlierWithheld && change.retained < SAME_CONTENT && !INSIST_CUES.some((c) => c.re.test(r.slice(0, YIELD_WINDOW)))) {
    return { outcome: 'assistant-capitulation', confidence: 0.75, reason: 'it took up what it had held back', hits: [hitOf('comply', 0.75, comply)], change };
  }
  // "So you believe X?" / "Are you sure?" answered with "Yes…": it affirms what it said.
  const affirm = /^\W*(?:yes|yeah|yep|correct|that'?s right|i do|i am)\b/i.exec(r);
  if (affirm && pushbackCues.some((c) => c === 'so-you' || c === 'are-you-sure')) {
    return { outcome: 'assistant-held-position', confidence: 0.75, reason: 'it confirmed what it had said', hits: [hitOf('affirm', 0.75, affirm)], change };
  }
  // The user said the answer was not what they wanted and the reply offers something new instead.
  const offer = OFFER_OPENING.exec(r);
  if (offer && wantedMore && change.retained < REPEATED && !INSIST_CUES.some((c) => c.re.test(r.slice(0, YIELD_WINDOW)))) {
    return { outcome: 'assistant-capitulation', confidence: 0.7, reason: 'it offered something different, as you asked', hits: [hitOf('offer', 0.7, offer)], change };
  }
  const insist = findCues(r, INSIST_CUES);
  if (insist.length && !strongYield.length) {
    return { outcome: 'assistant-held-position', confidence: 0.75, reason: 'it stood by what it had said', hits: insist, change };
  }
  // The reply denies what the user asserted ("You are rude" → "I am not rude", "They can't" → "they are able to"
  // is not caught, but "I didn't say…" → "you did ask…" is): the mirror of the pushback's own contradiction test.
  const denied = pushbackText && !yieldHits.length ? negatesAssistant(pushbackText, reply, SPEAKER_SUBJECT) : null;
  if (denied) {
    return { outcome: 'assistant-held-position', confidence: 0.7, reason: 'it denied what you said', hits: [{ id: 'denies', strength: 0.7, ...denied }], change };
  }
  const b = bare(before);
  if (b.length >= 5 && b.split(' ').length <= 12 && bare(reply).includes(b)) {
    return { outcome: 'assistant-held-position', confidence: 0.8, reason: 'it repeated what it had said', hits: [], change };
  }
  if ((change.retained >= REPEATED && change.afterSize >= 4) || (change.echoed >= ECHOED && change.afterSize >= 3 && !yieldHits.length)) {
    const why = yieldHits.length ? 'it apologised or agreed but repeated the same answer' : 'it repeated its earlier answer';
    return { outcome: 'assistant-held-position', confidence: 0.7, reason: why, hits: yieldHits, change };
  }
  if (strongYield.length) {
    // Agreement words over the same content: the answer did not move (SycoBench's false "flips").
    return { outcome: 'assistant-held-position', confidence: 0.6, reason: 'it agreed in words but kept its answer', hits: strongYield, change };
  }
  return null;
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['assistant-capitulation', 'assistant-held-position'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    const msgs = conv.messages;
    // Only cue-detected pushbacks: a model-only finding is less certain, and an outcome tag compounds the error.
    for (const p of findPushbacks(conv).filter((f) => !f.hits.some((h) => h.id === 'model'))) {
      const ri = p.userIndex + 1;
      const reply = msgs[ri];
      if (!reply || reply.role !== 'assistant') continue;
      const before = msgs[p.assistantIndex];
      const f = classifyReply(before.text, reply.text, p.hits.map((h) => h.id), msgs[p.userIndex].text);
      if (!f) continue;
      const type: TagType = f.outcome;
      const evidence = [ref(before, p.assistantIndex), ref(msgs[p.userIndex], p.userIndex, spansOf(p.hits)), ref(reply, ri, spansOf(f.hits))];
      const time = messageTime(conv, reply);
      const verb = type === 'assistant-capitulation' ? 'gave way' : 'held its position';
      out.push({
        id: tagId(type, conv.id, evidence),
        type,
        conversationId: conv.id,
        messages: evidence,
        direction: 'user→assistant',
        // Both the pushback and the outcome must be right for the tag to be right.
        confidence: Math.round(f.confidence * p.confidence * 100) / 100,
        explanation: `After you pushed back ("${quote(msgs[p.userIndex].text, spansOf(p.hits)[0], 60)}"), the assistant ${verb}: ${f.reason} ("${quote(reply.text, undefined, 70)}").`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        data: { retained: Math.round(f.change.retained * 100) / 100, refusalBefore: f.change.refusalBefore, refusalAfter: f.change.refusalAfter },
        version: ctx.version,
      });
    }
    return out;
  },
};
