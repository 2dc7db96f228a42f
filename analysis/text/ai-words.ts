/**
 * Word lists the longitudinal tags rest on (provenance: analysis/data/README.md):
 *
 * - `generalRank(id)`: the word's rank among the 50,000 most frequent words of English Wikipedia (0 = rarer): what
 *   "uncommon in general English" means.
 * - `AI_WORDS`: the words the AI-vocabulary tag counts — the published AI-favoured words (Kobak et al., Juzek & Ward,
 *   Geng & Trotta, Liang et al.) that are also over-represented in assistant turns against human turns of real
 *   dialogue (ratio ≥ 2, or too rare there to judge), and are not everyday words (Wikipedia rank > 3,000). Not
 *   "frequent in this person's assistants' replies": the same list for everybody, fixed before any history is seen.
 * - `CONTROL_WORDS`: the counterfactual's control words — used alike by assistants and people in real dialogue
 *   (rate ratio 0.67–1.5), in the same frequency band as the AI words (Wikipedia rank 3,000–50,000), on no AI list.
 * - `ASSISTANT_WORDS`: the assistants' distinctive vocabulary (rate ratio ≥ 3 against human turns, spread over
 *   ≥ 10 conversations): term-uptake only counts these and the AI words, so a topic's own words are not "uptake".
 */
import { AI_WORD_LISTS } from '../data/lists';
import { ASSISTANT_WORDS as ASSISTANT_WORD_RATIOS, GENERAL_ENGLISH, NEUTRAL_WORDS, PUBLISHED_COUNTS, REFERENCE_TOKENS } from '../data/reference';
import { commonRankOf, intern, isAlpha, isFunctionWord, wordOf } from './classes';

/** Wikipedia rank (1-based) per word, built once. */
const RANKS = new Map<string, number>();
GENERAL_ENGLISH.split(' ').forEach((w, i) => RANKS.set(w, i + 1));

/** Rank of a word among the 50,000 most frequent words of English Wikipedia; 0 when rarer (or not a plain word). */
function generalRankOfWord(word: string): number {
  return RANKS.get(word) ?? 0;
}

const rankMemo = new Map<number, number>();
function generalRank(id: number): number {
  let r = rankMemo.get(id);
  if (r === undefined) {
    r = generalRankOfWord(wordOf(id));
    rankMemo.set(id, r);
  }
  return r;
}

/** Everyday words in the sense of the AI-word list: the 3,000 most frequent words of general English. */
const EVERYDAY_RANK = 3000;

const PUBLISHED = [
  ...AI_WORD_LISTS.kobakStyleAll,
  ...AI_WORD_LISTS.juzekWardFocal,
  ...AI_WORD_LISTS.gengTrottaFavoured,
  ...AI_WORD_LISTS.liangAdjectives,
  ...AI_WORD_LISTS.liangAdverbs,
];

const counts = new Map(PUBLISHED_COUNTS.map(([w, a, u]) => [w, [a, u] as const]));

/** Rate ratio assistant/human in the reference dialogue (0.5 added to both counts), or null when too rare to judge. */
function publishedRatio(word: string): number | null {
  const c = counts.get(word);
  if (!c || c[0] + c[1] < 10) return null;
  return (c[0] + 0.5) / REFERENCE_TOKENS.assistant / ((c[1] + 0.5) / REFERENCE_TOKENS.user);
}

function notEveryday(word: string): boolean {
  const r = generalRankOfWord(word);
  return r === 0 || r > EVERYDAY_RANK;
}

const AI_WORD_TEXT: ReadonlySet<string> = new Set(
  [...new Set(PUBLISHED)].filter((w) => {
    const id = intern(w);
    if (isFunctionWord(id) || !isAlpha(id) || w.length < 4 || !notEveryday(w)) return false;
    const r = publishedRatio(w);
    return r === null || r >= 2;
  }),
);

export const AI_WORDS: ReadonlySet<number> = new Set([...AI_WORD_TEXT].map(intern));

export function isAiWordText(word: string): boolean {
  return AI_WORD_TEXT.has(word);
}

const AI_ANY = new Set<string>(PUBLISHED);
export const CONTROL_WORDS: ReadonlySet<number> = new Set(
  NEUTRAL_WORDS.filter((w) => {
    const r = generalRankOfWord(w);
    return w.length >= 4 && r > EVERYDAY_RANK && !AI_ANY.has(w) && !isFunctionWord(intern(w));
  }).map(intern),
);

const ASSISTANT_WORDS: ReadonlySet<number> = new Set(ASSISTANT_WORD_RATIOS.map(([w]) => intern(w)));

/** Below this Wikipedia rank a word is common English, never "taken up". */
const UPTAKE_MIN_RANK = 5000;

/**
 * A word that can carry term uptake: the assistants' distinctive vocabulary or an AI-favoured word, uncommon in
 * general English (beyond the 5,000 most frequent Wikipedia words), at least 4 letters, not a function word.
 */
export function isUptakeCandidate(id: number): boolean {
  if (isFunctionWord(id) || !isAlpha(id)) return false;
  const w = wordOf(id);
  if (w.length < 4) return false;
  if (!ASSISTANT_WORDS.has(id) && !AI_WORDS.has(id)) return false;
  // Everyday in conversation (the 3,000 most frequent words of real dialogue, analysis/data/lists.ts) or in
  // general written English (Wikipedia): not a word anybody needs to take up from an assistant.
  const c = commonRankOf(id);
  if (c !== 0 && c <= EVERYDAY_RANK) return false;
  const r = generalRank(id);
  return r === 0 || r > UPTAKE_MIN_RANK;
}

export function isUptakeCandidateWord(word: string): boolean {
  return isUptakeCandidate(intern(word));
}
