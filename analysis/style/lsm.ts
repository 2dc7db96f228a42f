/**
 * Language Style Matching (Ireland & Pennebaker 2010; Gonzales, Hancock & Pennebaker 2010): per function-word
 * category, LSM_c = 1 − |p1 − p2| / (p1 + p2 + 0.0001) on the percentages of words in the category; LSM is the
 * mean over the nine categories. Symmetric: it says how alike two people write, not who moved.
 */
import { LSM_CATEGORIES } from '../text/classes';

export const LSM_EPSILON = 0.0001;

export function lsmCategory(p1: number, p2: number): number {
  return 1 - Math.abs(p1 - p2) / (p1 + p2 + LSM_EPSILON);
}

/** Percent of tokens in each of the nine LSM categories, from class counts (first nine entries) and a token count. */
export function lsmProfile(classCounts: ArrayLike<number>, tokens: number): number[] {
  const out = new Array<number>(LSM_CATEGORIES.length);
  for (let c = 0; c < LSM_CATEGORIES.length; c++) out[c] = tokens > 0 ? (100 * classCounts[c]) / tokens : 0;
  return out;
}

/** Mean of the per-category scores of two nine-category percentage profiles. */
export function lsm(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('lsm: profiles must have the same, non-zero length');
  let s = 0;
  for (let c = 0; c < a.length; c++) s += lsmCategory(a[c], b[c]);
  return s / a.length;
}
