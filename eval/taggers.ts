/** The taggers `npm run eval` measures: the conversational-act taggers whose tag types have gold labels here. */
import type { ConversationTagger } from '../analysis/types';
import { tagger as pushback } from '../analysis/taggers/pushback';
import { tagger as concession } from '../analysis/taggers/concession';
import { tagger as capitulation } from '../analysis/taggers/capitulation';
import { tagger as delegation } from '../analysis/taggers/delegation';

export const EVAL_TAGGERS: readonly ConversationTagger[] = [pushback, concession, capitulation, delegation];
