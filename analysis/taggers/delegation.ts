/**
 * `delegation` (user→assistant): a user message that hands a personal decision, judgement or opinion to the
 * assistant ("which of these two should I take?", "what do you think of my plan?", "would this name work for my
 * shop?"). Generic requests for recommendations, lists, ideas or how-to do not count: the user still chooses
 * (codebook; eval/LABELLING.md D1–D2).
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
  types: ['delegation'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    for (const u of actsOf(conv).user) {
      if (u.delegation < ACT_TAG_FLOOR) continue;
      const m = conv.messages[u.index];
      const spans = userSpans(conv, u, ACT_MODEL.heads.delegation);
      const evidence = [ref(m, u.index, spans)];
      const time = messageTime(conv, m);
      out.push({
        id: tagId('delegation', conv.id, evidence),
        type: 'delegation',
        conversationId: conv.id,
        messages: evidence,
        direction: 'user→assistant',
        confidence: Math.round(u.delegation * 100) / 100,
        explanation: `You ${likelihood(u.delegation)} handed a decision or judgement of your own to the assistant: "${quote(m.text, spans[0])}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        version: ctx.version,
      });
    }
    return out;
  },
};
