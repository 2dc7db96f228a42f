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
import { userActTags } from '../acts/tags';

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['user-pushback'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    return userActTags(
      conv,
      ctx,
      'pushback',
      'user-pushback',
      'user→assistant',
      (likely, quoted) => `You ${likely} pushed back on the assistant's previous answer: "${quoted}".`,
      true,
    );
  },
};
