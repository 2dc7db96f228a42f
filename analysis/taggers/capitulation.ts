/**
 * `assistant-capitulation` and `assistant-held-position` (user→assistant): the assistant message immediately
 * after a pushback either changes the content of its earlier answer toward the user (a different fact, a revised
 * number, fixed code, a new approach as asked — legitimate fixes and sycophantic flips alike; an apology alone is
 * not enough) or keeps its earlier claim or output, possibly with reasons or blaming the environment (codebook;
 * eval/LABELLING.md C1–C2, H1–H2).
 *
 * Read by the learned act model (analysis/acts/): P(pushback) × P(outcome | pushback), calibrated. The pushback
 * probability is an input, not a gate, so an outcome is never lost only because the pushback was missed.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { makeTag, messageTime, ref } from '../evidence';
import { quote } from '../dialogue/cues';
import { ACT_MODEL } from '../acts/model';
import { ACT_TAG_FLOOR, actsOf, likelihood, replySpans } from '../acts/tags';

function previousAnswer(conv: ConversationWithMessages, userIndex: number): number {
  for (let j = userIndex - 1; j >= 0; j--) if (conv.messages[j].role === 'assistant') return j;
  return -1;
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['assistant-capitulation', 'assistant-held-position'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    for (const r of actsOf(conv).replies) {
      const cap = r.capitulation >= r.held;
      const p = cap ? r.capitulation : r.held;
      const before = previousAnswer(conv, r.userIndex);
      if (p < ACT_TAG_FLOOR || before < 0) continue;
      const type = cap ? 'assistant-capitulation' : 'assistant-held-position';
      const reply = conv.messages[r.index];
      const user = conv.messages[r.userIndex];
      const spans = replySpans(conv, r, cap ? ACT_MODEL.heads.capGivenPushback : ACT_MODEL.heads.heldGivenPushback);
      const evidence = [ref(conv.messages[before], before), ref(user, r.userIndex), ref(reply, r.index, spans)];
      out.push(
        makeTag({
          type,
          conversationId: conv.id,
          messages: evidence,
          direction: 'user→assistant',
          confidence: Math.round(p * 100) / 100,
          explanation: cap
            ? `After you pushed back ("${quote(user.text, undefined, 60)}"), the assistant ${likelihood(p)} changed its answer toward yours: "${quote(reply.text, spans[0], 70)}".`
            : `After you pushed back ("${quote(user.text, undefined, 60)}"), the assistant ${likelihood(p)} kept its earlier answer: "${quote(reply.text, spans[0], 70)}".`,
          time: messageTime(conv, reply),
          of: conv,
          version: ctx.version,
        }),
      );
    }
    return out;
  },
};
