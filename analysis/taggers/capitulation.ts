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
import { INSIST_CUES, REFUSAL, YIELD_CUES, findCues, fold, quote, spansOf, type CueHit } from '../dialogue/cues';
import { findPushbacks } from './pushback';

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
/** Below this share of the earlier answer's content words repeated, the answer counts as replaced. */
const REPLACED = 0.35;
/** At or above this share, the answer counts as repeated. */
const REPEATED = 0.5;

function isOnlyQuestion(text: string): boolean {
  const t = text.trim();
  return t.length < 220 && /\?\s*$/.test(t) && !/[.!]\s/.test(t.slice(0, -1));
}

export function classifyReply(before: string, reply: string): OutcomeFinding | null {
  const r = fold(reply);
  const change = compareAnswers(before, reply);
  const yieldHits = findCues(r, YIELD_CUES).filter((h) => h.start < YIELD_WINDOW);
  const strongYield = yieldHits.filter((h) => h.strength >= 0.8);
  const insist = findCues(r, INSIST_CUES);
  const refusalAfter = REFUSAL.exec(r);

  if (change.refusalBefore && refusalAfter) {
    return { outcome: 'assistant-held-position', confidence: 0.85, reason: 'it refused again', hits: [{ id: 'refusal', strength: 0.85, start: refusalAfter.index, end: refusalAfter.index + refusalAfter[0].length }], change };
  }
  if (insist.length && !strongYield.length) {
    return { outcome: 'assistant-held-position', confidence: 0.8, reason: 'it said it stood by its answer', hits: insist, change };
  }
  const replaced = change.retained < REPLACED || change.numbersChanged || (change.refusalBefore && !refusalAfter);
  if (strongYield.length && replaced && !refusalAfter && change.afterSize >= 3) {
    return { outcome: 'assistant-capitulation', confidence: 0.85, reason: 'it conceded and changed its answer', hits: strongYield, change };
  }
  const okHit = yieldHits.find((h) => h.id === 'ok-then' || h.id === 'i-see-now');
  if (change.refusalBefore && !refusalAfter && okHit && !isOnlyQuestion(r)) {
    return { outcome: 'assistant-capitulation', confidence: 0.75, reason: 'it dropped its refusal', hits: [okHit], change };
  }
  if (isOnlyQuestion(r)) return null;
  if (change.retained >= REPEATED && change.afterSize >= 4) {
    const why = yieldHits.length ? 'it apologised or agreed but repeated the same answer' : 'it repeated its earlier answer';
    return { outcome: 'assistant-held-position', confidence: yieldHits.length ? 0.7 : 0.75, reason: why, hits: yieldHits, change };
  }
  const no = /^\s*no\b[,.!]?/i.exec(r);
  if (no && !yieldHits.length) {
    return { outcome: 'assistant-held-position', confidence: 0.7, reason: 'it answered the challenge with "no"', hits: [{ id: 'no', strength: 0.7, start: no.index, end: no.index + no[0].length }], change };
  }
  return null;
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['assistant-capitulation', 'assistant-held-position'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    const msgs = conv.messages;
    for (const p of findPushbacks(conv)) {
      const ri = p.userIndex + 1;
      const reply = msgs[ri];
      if (!reply || reply.role !== 'assistant') continue;
      const before = msgs[p.assistantIndex];
      const f = classifyReply(before.text, reply.text);
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
