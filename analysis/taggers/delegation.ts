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
import { userActTags } from '../acts/tags';

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['delegation'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    return userActTags(
      conv,
      ctx,
      'delegation',
      'delegation',
      'user→assistant',
      (likely, quoted) => `You ${likely} handed a decision or judgement of your own to the assistant: "${quoted}".`,
      false,
    );
  },
};
