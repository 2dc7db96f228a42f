/**
 * `user-pushback` (user→assistant): a user message that challenges, disputes or corrects something the
 * assistant said or produced — says or plainly implies it is wrong, incomplete, not what was asked, or doubts
 * it; bug and error reports about the assistant's own code count, as do corrections stated as plain facts and
 * redo-because-it-failed requests (codebook; eval/LABELLING.md P1–P10).
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
  types: ['user-pushback'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    for (const u of actsOf(conv).user) {
      const i = u.index;
      if (u.pushback < ACT_TAG_FLOOR || conv.messages[i - 1]?.role !== 'assistant') continue;
      const a = conv.messages[i - 1];
      const m = conv.messages[i];
      const spans = userSpans(conv, u, ACT_MODEL.heads.pushback);
      const evidence = [ref(a, i - 1), ref(m, i, spans)];
      const time = messageTime(conv, m);
      out.push({
        id: tagId('user-pushback', conv.id, evidence),
        type: 'user-pushback',
        conversationId: conv.id,
        messages: evidence,
        direction: 'user→assistant',
        confidence: Math.round(u.pushback * 100) / 100,
        explanation: `You ${likelihood(u.pushback)} pushed back on the assistant's previous answer: "${quote(m.text, spans[0])}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        version: ctx.version,
      });
    }
    return out;
  },
};
