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
import { userActTags } from '../acts/tags';

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['user-concession'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    return userActTags(
      conv,
      ctx,
      'concession',
      'user-concession',
      'assistant→user',
      (likely, quoted) => `You ${likely} accepted a view of the assistant's that differed from yours: "${quoted}".`,
      true,
    );
  },
};
