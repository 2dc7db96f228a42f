/**
 * `user-concession` (assistant→user): a user message that accepts or adopts a view or correction the assistant
 * put forward that differs from what the user had said or assumed before ("ok, you're right, it's 1998", "fair,
 * I hadn't thought of the cost", building on the assistant's differing premise). Plain thanks, or accepting an
 * answer when there was no earlier difference of view, do not count (codebook; eval/LABELLING.md K1–K3).
 *
 * Read by the learned act model (analysis/acts/): the tag's confidence is its calibrated probability.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { messageTime, ref, tagId } from '../evidence';
import { quote } from '../dialogue/cues';
import { ACT_MODEL } from '../acts/model';
import { ACT_TAG_FLOOR, actsOf, likelihood, userSpans } from '../acts/tags';

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['user-concession'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    for (const u of actsOf(conv).user) {
      const i = u.index;
      if (u.concession < ACT_TAG_FLOOR || conv.messages[i - 1]?.role !== 'assistant') continue;
      const a = conv.messages[i - 1];
      const m = conv.messages[i];
      const spans = userSpans(conv, u, ACT_MODEL.heads.concession);
      const evidence = [ref(a, i - 1), ref(m, i, spans)];
      const time = messageTime(conv, m);
      out.push({
        id: tagId('user-concession', conv.id, evidence),
        type: 'user-concession',
        conversationId: conv.id,
        messages: evidence,
        direction: 'assistant→user',
        confidence: Math.round(u.concession * 100) / 100,
        explanation: `You ${likelihood(u.concession)} accepted a view of the assistant's that differed from yours: "${quote(m.text, spans[0])}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        version: ctx.version,
      });
    }
    return out;
  },
};
