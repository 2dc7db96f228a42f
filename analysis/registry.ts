/**
 * The typed registry of taggers: one file per tagger under analysis/taggers/, one line here. The engine runs
 * every entry; a history tagger with an `accumulator` also runs incrementally.
 */
import type { ConversationTagger, Tagger } from './types';
import type { IncrementalHistoryTagger } from './incremental';
import { tagger as termUptake } from './taggers/term-uptake';
import { tagger as aiVocabulary } from './taggers/ai-vocabulary';
import { tagger as styleConvergence } from './taggers/style-convergence';
import { tagger as opinionShift } from './taggers/opinion-shift';
import { tagger as pushback } from './taggers/pushback';
import { tagger as concession } from './taggers/concession';
import { tagger as capitulation } from './taggers/capitulation';
import { tagger as delegation } from './taggers/delegation';

/** History taggers (need the whole timeline; incremental state per person). */
export const HISTORY_TAGGERS = {
  'term-uptake': termUptake,
  'ai-vocabulary': aiVocabulary,
  'style-convergence': styleConvergence,
  'opinion-shift': opinionShift,
  // biome-ignore lint/suspicious/noExplicitAny: each tagger has its own state type; the registry checks only the shape around it.
} satisfies Record<string, IncrementalHistoryTagger<any>>;
export type HistoryTaggerId = keyof typeof HISTORY_TAGGERS;

/** Conversation taggers (one conversation at a time). */
export const CONVERSATION_TAGGERS = {
  'user-pushback': pushback,
  'user-concession': concession,
  'assistant-capitulation': capitulation,
  delegation,
} satisfies Record<string, ConversationTagger>;

export const TAGGERS: Record<string, Tagger> = { ...HISTORY_TAGGERS, ...CONVERSATION_TAGGERS };
