/**
 * Directional linguistic coordination (Danescu-Niculescu-Mizil, Gamon & Dumais 2011; Danescu-Niculescu-Mizil et
 * al. 2012, as implemented in ConvoKit): for a marker m, how much more likely b's reply exhibits m when the
 * utterance it answers exhibits m:  C_m(b→a) = P(reply has m | utterance has m) − P(reply has m).
 * Computed separately for user-towards-assistant and assistant-towards-user, it gives influence a direction.
 */
import { LSM_CATEGORIES } from '../text/classes';

/** ConvoKit's eight markers are the LSM categories without negation. */
const COORDINATION_MARKERS = LSM_CATEGORIES.filter((c) => c !== 'negate');
const MARKER_INDEX = COORDINATION_MARKERS.map((c) => LSM_CATEGORIES.indexOf(c));
/** ConvoKit's default: a marker's conditional probability needs at least this many utterances exhibiting it. */
const MIN_CONDITIONED = 3;

/** Running tallies; plain numbers so they can be merged and stored. */
export interface CoordinationTally {
  n: number;
  /** per marker: replies exhibiting it */
  tally: number[];
  /** per marker: utterances exhibiting it */
  condTotal: number[];
  /** per marker: both exhibit it */
  condTally: number[];
}

export function emptyTally(): CoordinationTally {
  const z = () => COORDINATION_MARKERS.map(() => 0);
  return { n: 0, tally: z(), condTotal: z(), condTally: z() };
}

/** Adds one (utterance, reply) exchange, given each side's class counts (binary presence is what counts). */
export function addExchange(t: CoordinationTally, utterance: ArrayLike<number>, reply: ArrayLike<number>): void {
  t.n++;
  for (let k = 0; k < MARKER_INDEX.length; k++) {
    const c = MARKER_INDEX[k];
    const u = utterance[c] > 0;
    const r = reply[c] > 0;
    if (r) t.tally[k]++;
    if (u) {
      t.condTotal[k]++;
      if (r) t.condTally[k]++;
    }
  }
}

export function mergeTally(into: CoordinationTally, from: CoordinationTally): void {
  into.n += from.n;
  for (let k = 0; k < COORDINATION_MARKERS.length; k++) {
    into.tally[k] += from.tally[k];
    into.condTotal[k] += from.condTotal[k];
    into.condTally[k] += from.condTally[k];
  }
}

export interface CoordinationScore {
  /** Mean over the markers with enough conditioned utterances (ConvoKit's aggregate 1), or null when none. */
  value: number | null;
  perMarker: Record<string, number | null>;
  exchanges: number;
}

export function coordination(t: CoordinationTally): CoordinationScore {
  const perMarker: Record<string, number | null> = {};
  let sum = 0;
  let k2 = 0;
  for (let k = 0; k < COORDINATION_MARKERS.length; k++) {
    const name = COORDINATION_MARKERS[k];
    if (t.n === 0 || t.condTotal[k] < MIN_CONDITIONED) {
      perMarker[name] = null;
      continue;
    }
    const v = t.condTally[k] / t.condTotal[k] - t.tally[k] / t.n;
    perMarker[name] = v;
    sum += v;
    k2++;
  }
  return { value: k2 > 0 ? sum / k2 : null, perMarker, exchanges: t.n };
}
