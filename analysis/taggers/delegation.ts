/**
 * `delegation` (user→assistant reliance): the user hands a decision or judgement about their OWN choices to the
 * assistant — "should I…?", "which one should I pick?", "what would you recommend?", "is it OK for me to…?",
 * "what do I do?", "decide for me". Not delegation: how-to/method questions ("how do I…"), the next step of
 * instructions already given ("what do I do next?"), or asking the assistant's opinion on public matters.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { messageTime, ref, tagId } from '../evidence';
import { DELEGATION_CUES, DELEGATION_EXCLUDE, findCues, fold, quote, spansOf, strongest, type CueHit } from '../dialogue/cues';

/** Emit only at or above this confidence (tuned on the dev split). */
export const DELEGATION_THRESHOLD = 0.65;

export function detectDelegation(userText: string): { confidence: number; hits: CueHit[] } | null {
  const text = fold(userText);
  // A quoted or pasted "should I" inside a long document is not the user asking; look at the user's own ask.
  const hits = findCues(text, DELEGATION_CUES).filter((h) => !isQuoted(text, h.start));
  if (!hits.length) return null;
  const kept = hits.filter((h) => !DELEGATION_EXCLUDE.test(text.slice(Math.max(0, h.start - 30), h.end + 30)));
  const best = strongest(kept);
  if (!best || best.strength < DELEGATION_THRESHOLD) return null;
  return { confidence: Math.min(0.95, best.strength + 0.03 * (new Set(kept.map((h) => h.id)).size - 1)), hits: kept };
}

function isQuoted(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return (before.match(/"/g)?.length ?? 0) % 2 === 1 || (before.match(/```/g)?.length ?? 0) % 2 === 1;
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['delegation'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    conv.messages.forEach((m, i) => {
      if (m.role !== 'user') return;
      const d = detectDelegation(m.text);
      if (!d) return;
      const spans = spansOf(d.hits);
      const evidence = [ref(m, i, spans)];
      const time = messageTime(conv, m);
      out.push({
        id: tagId('delegation', conv.id, evidence),
        type: 'delegation',
        conversationId: conv.id,
        messages: evidence,
        direction: 'user→assistant',
        confidence: Math.round(d.confidence * 100) / 100,
        explanation: `You asked the assistant to decide or judge something for you: "${quote(m.text, spans[0])}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        data: { cues: [...new Set(d.hits.map((h) => h.id))] },
        version: ctx.version,
      });
    });
    return out;
  },
};
