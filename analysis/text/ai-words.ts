/**
 * The published AI-favoured words (Kobak et al. style words, Juzek & Ward, Geng & Trotta, Liang et al.; see
 * analysis/data/README.md) as interned ids, minus function words and the 1,000 most common everyday words, whose
 * rates swing with topic rather than with style ("address", "understanding").
 */
import { AI_WORD_LISTS } from '../data/lists';
import { commonRankOf, intern, isFunctionWord } from './classes';

export const PUBLISHED_AI_WORDS: ReadonlySet<number> = new Set(
  [
    ...AI_WORD_LISTS.kobakStyleAll,
    ...AI_WORD_LISTS.juzekWardFocal,
    ...AI_WORD_LISTS.gengTrottaFavoured,
    ...AI_WORD_LISTS.liangAdjectives,
    ...AI_WORD_LISTS.liangAdverbs,
  ]
    .map(intern)
    .filter((id) => !isFunctionWord(id) && (commonRankOf(id) === 0 || commonRankOf(id) > 1000)),
);
