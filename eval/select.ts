/**
 * Draws the candidate user turns that were hand-labelled (see eval/LABELLING.md). Two pools so that recall
 * means something: turns matching deliberately BROAD cue patterns (much looser than the taggers, so the
 * taggers' misses are still in the set), and a uniform random sample of all follow-up turns. Deterministic
 * (seeded) so the selection can be re-run and checked: `npx tsx eval/select.ts [dataDir] > candidates.jsonl`.
 */
import { loadHH, loadOasst, type SourceDialogue } from './sources';

/** Small seeded PRNG (mulberry32) so the sample is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const BROAD = {
  pushback:
    /\b(no+|nope|wrong|incorrect|not (what|true|right|correct)|are you sure|actually|you said|you just said|doesn'?t work|didn'?t (ask|say|work)|that'?s not|isn'?t (true|right)|not really|what\?|huh|nonsense|makes? no sense|i (asked|meant|said)|you('re| are) (wrong|mistaken|not)|that is not|but (you|that|it)|you (didn'?t|don'?t|can'?t|won'?t|never))\b/i,
  concession:
    /\b(you('re| are) right|that'?s (true|right|fair|a good point)|good point|fair enough|i see|i stand corrected|makes sense|i didn'?t (know|realize|think)|i guess|ok(ay)?,? (so|then|i)|i agree|i was wrong|my (bad|mistake)|i thought|true|correct|i understand)\b/i,
  delegation:
    /\b(should i|what (should|would|do) (i|you)|which (one|should|would|is better|do you)|would you recommend|do you (think|recommend|suggest)|is it (a good|ok|okay|wise|bad|worth)|decide|your (opinion|advice|recommendation)|what would you do|advice|choose|pick)\b/i,
};

export interface Candidate {
  cid: string;
  dialogueId: string;
  /** index of the user turn being labelled */
  index: number;
  pools: string[];
}

export interface Quota {
  pushback: number;
  concession: number;
  delegation: number;
  random: number;
  randomFirst: number;
}

export const QUOTAS: Record<'hh' | 'oasst', Quota> = {
  hh: { pushback: 140, concession: 110, delegation: 90, random: 120, randomFirst: 30 },
  oasst: { pushback: 45, concession: 35, delegation: 30, random: 40, randomFirst: 10 },
};

export function selectCandidates(dialogues: SourceDialogue[], quota: Quota, seed = 4): Candidate[] {
  const r = rng(seed);
  const units: { d: SourceDialogue; i: number }[] = [];
  for (const d of dialogues) {
    const userIdx = d.messages.map((m, i) => (m.role === 'user' ? i : -1)).filter((i) => i >= 0);
    // OASST dialogues are paths ending at their unit; HH dialogues contribute every user turn.
    const idx = d.id.startsWith('oasst') ? userIdx.slice(-1) : userIdx;
    for (const i of idx) units.push({ d, i });
  }
  const picked = new Map<string, Candidate>();
  const add = (u: { d: SourceDialogue; i: number }, pool: string) => {
    const key = `${u.d.id}@${u.i}`;
    const c = picked.get(key) ?? { cid: '', dialogueId: u.d.id, index: u.i, pools: [] };
    if (!c.pools.includes(pool)) c.pools.push(pool);
    picked.set(key, c);
  };
  const followUps = units.filter((u) => u.i >= 2);
  for (const [pool, re] of Object.entries(BROAD) as [keyof typeof BROAD, RegExp][]) {
    const base = pool === 'delegation' ? units : followUps;
    const hits = shuffle(
      base.filter((u) => re.test(u.d.messages[u.i].content)),
      r,
    );
    hits.slice(0, quota[pool]).forEach((u) => add(u, pool));
  }
  shuffle(followUps, r)
    .slice(0, quota.random)
    .forEach((u) => add(u, 'random'));
  shuffle(units.filter((u) => u.i === 0), r)
    .slice(0, quota.randomFirst)
    .forEach((u) => add(u, 'random-first'));
  return [...picked.values()];
}

/**
 * Round 2 (after round 1 showed concessions and capitulations are rare): broad cue pairs over TWO turns,
 * still looser than the taggers. Concession: the assistant's previous turn contains a contradiction cue AND
 * the user's turn an acceptance cue. Capitulation/held: a broad pushback cue in the user's turn AND an
 * apology/agreement cue in the assistant's reply (both outcomes start like this, which is the hard case).
 */
const CONTRADICTION =
  /\b(actually|not (true|correct|right|the case)|that'?s not|isn'?t|aren'?t|don'?t think|no,|incorrect|misconception|in fact|however|but)\b/i;
const ACCEPT =
  /\b(you('re| are) right|good point|fair enough|i see|i stand corrected|makes sense|i didn'?t (know|realize|think)|i guess|ok(ay)?,? (so|then|i)|i agree|oh|true|that'?s (true|right|fair)|i understand|i was wrong|my (bad|mistake)|never mind)\b/i;
const REPLY_YIELD = /\b(sorry|apologi[sz]e|you('re| are) (right|correct)|my (mistake|bad)|i was wrong|oh,? (i see|ok)|ok(ay)?|sure|i see|good point|fair)\b/i;

export function selectRound2(dialogues: SourceDialogue[], exclude: Set<string>, quota: { concession: number; outcome: number }, seed = 5): Candidate[] {
  const r = rng(seed);
  const units: { d: SourceDialogue; i: number }[] = [];
  for (const d of dialogues) {
    const userIdx = d.messages.map((m, i) => (m.role === 'user' && i >= 2 ? i : -1)).filter((i) => i >= 0);
    for (const i of d.id.startsWith('oasst') ? userIdx.slice(-1) : userIdx) {
      if (!exclude.has(`${d.id}@${i}`)) units.push({ d, i });
    }
  }
  const out: Candidate[] = [];
  const conc = units.filter((u) => CONTRADICTION.test(u.d.messages[u.i - 1].content) && ACCEPT.test(u.d.messages[u.i].content));
  shuffle(conc, r)
    .slice(0, quota.concession)
    .forEach((u) => out.push({ cid: '', dialogueId: u.d.id, index: u.i, pools: ['r2-concession'] }));
  const taken = new Set(out.map((c) => `${c.dialogueId}@${c.index}`));
  const outc = units.filter(
    (u) =>
      !taken.has(`${u.d.id}@${u.i}`) &&
      u.d.messages[u.i + 1] &&
      BROAD.pushback.test(u.d.messages[u.i].content) &&
      REPLY_YIELD.test(u.d.messages[u.i + 1].content.slice(0, 200)),
  );
  shuffle(outc, r)
    .slice(0, quota.outcome)
    .forEach((u) => out.push({ cid: '', dialogueId: u.d.id, index: u.i, pools: ['r2-outcome'] }));
  return out;
}

/**
 * Round 3: a fresh test split, drawn and labelled after the first held-out run, from turns not in rounds 1–2
 * (different seed). Same pools as round 1 (broad cues + uniform random) so its positives are not shaped by
 * the taggers.
 */
export const QUOTAS_TEST: Record<'hh' | 'oasst', Quota> = {
  hh: { pushback: 60, concession: 25, delegation: 25, random: 50, randomFirst: 0 },
  oasst: { pushback: 20, concession: 10, delegation: 10, random: 20, randomFirst: 0 },
};

export function selectRound3(dialogues: SourceDialogue[], exclude: Set<string>, quota: Quota, seed = 6): Candidate[] {
  // Whole conversations already used stay out, so the test split shares no dialogue with dev/held-out.
  const usedDialogues = new Set([...exclude].map((k) => k.slice(0, k.lastIndexOf('@'))));
  return selectCandidates(
    dialogues.filter((d) => !usedDialogues.has(d.id)),
    quota,
    seed,
  ).map((c) => ({ ...c, pools: c.pools.map((p) => `r3-${p}`) }));
}

/**
 * Round 4: a second fresh split ("final"), drawn after phase-2 tuning and the first test run, from dialogues
 * in no earlier round (seed 7). Labelled before any tagger ran on it.
 */
export const QUOTAS_FINAL: Record<'hh' | 'oasst', Quota> = {
  hh: { pushback: 55, concession: 20, delegation: 15, random: 35, randomFirst: 0 },
  oasst: { pushback: 15, concession: 10, delegation: 5, random: 15, randomFirst: 0 },
};

export const QUOTAS_FINAL2: Record<'hh' | 'oasst', Quota> = {
  hh: { pushback: 45, concession: 10, delegation: 15, random: 20, randomFirst: 0 },
  oasst: { pushback: 10, concession: 5, delegation: 5, random: 10, randomFirst: 0 },
};

/** Round 6 ("final2"): as round 4, with more random turns so recall is measured on unselected dialogue too. */
export const QUOTAS_FINAL3: Record<'hh' | 'oasst', Quota> = {
  hh: { pushback: 40, concession: 8, delegation: 15, random: 25, randomFirst: 0 },
  oasst: { pushback: 8, concession: 4, delegation: 6, random: 10, randomFirst: 0 },
};

/**
 * Round 6 extra pools: by round 5 the unused dialogues had no follow-up turn left matching the broad pushback
 * cues, so two other, still tagger-independent, pools: a second broad user-side pattern (negation, doubt,
 * "why", a short question) and turns whose NEXT assistant reply opens with an acknowledgement ("I'm sorry",
 * "you're right", "I understand", "OK") — where pushbacks, capitulations and held positions concentrate.
 */
const BROAD2 = /\b(not|never|why|really|sure|false|lie|lying|liar|stupid|dumb|useless|mean|answer|ridiculous|seriously|what)\b|^[^.!?]{0,60}\?\s*$/i;
const REPLY_ACK = /^\W*(i'?m sorry|i apologi[sz]e|sorry|you'?re right|you are right|my mistake|i understand|i see|oh|ok(ay)?|sure|i stand|fair|good point|actually)\b/i;

export function selectRound6Extra(dialogues: SourceDialogue[], exclude: Set<string>, already: Candidate[], n: number, seed: number): Candidate[] {
  const usedDialogues = new Set([...exclude, ...already.map((c) => `${c.dialogueId}@${c.index}`)].map((k) => k.slice(0, k.lastIndexOf('@'))));
  const r = rng(seed);
  const units = dialogues
    .filter((d) => !usedDialogues.has(d.id))
    .flatMap((d) => {
      const userIdx = d.messages.map((m, i) => (m.role === 'user' && i >= 2 ? i : -1)).filter((i) => i >= 0);
      return (d.id.startsWith('oasst') ? userIdx.slice(-1) : userIdx).map((i) => ({ d, i }));
    });
  const out = new Map<string, Candidate>();
  const take = (pool: string, pred: (u: { d: SourceDialogue; i: number }) => boolean) => {
    // One turn per dialogue, so each candidate is its own conversation.
    for (const u of shuffle(units.filter(pred), r)) {
      if ([...out.values()].filter((c) => c.pools.includes(pool)).length >= n) break;
      if ([...out.values()].some((c) => c.dialogueId === u.d.id)) continue;
      out.set(`${u.d.id}@${u.i}`, { cid: '', dialogueId: u.d.id, index: u.i, pools: [pool] });
    }
  };
  take('r6-pushback2', (u) => BROAD2.test(u.d.messages[u.i].content));
  take('r6-reply-ack', (u) => REPLY_ACK.test(u.d.messages[u.i + 1]?.content ?? ''));
  return [...out.values()];
}

/** All rounds, with their stable candidate ids (c0001…): the ids the annotations refer to. */
export function allCandidates(dir: string): Candidate[] {
  const hh = loadHH(dir);
  const oa = loadOasst(dir);
  const all = [...selectCandidates(hh, QUOTAS.hh), ...selectCandidates(oa, QUOTAS.oasst)];
  const seen = new Set(all.map((c) => `${c.dialogueId}@${c.index}`));
  all.push(...selectRound2(hh, seen, { concession: 90, outcome: 90 }), ...selectRound2(oa, seen, { concession: 30, outcome: 20 }));
  const seen2 = new Set(all.map((c) => `${c.dialogueId}@${c.index}`));
  all.push(...selectRound3(hh, seen2, QUOTAS_TEST.hh), ...selectRound3(oa, seen2, QUOTAS_TEST.oasst));
  const seen3 = new Set(all.map((c) => `${c.dialogueId}@${c.index}`));
  const r4 = (c: Candidate): Candidate => ({ ...c, pools: c.pools.map((p) => p.replace(/^r3-/, 'r4-')) });
  all.push(...selectRound3(hh, seen3, QUOTAS_FINAL.hh, 7).map(r4), ...selectRound3(oa, seen3, QUOTAS_FINAL.oasst, 7).map(r4));
  // Round 5: more of the same for the final split, drawn after the taggers were frozen (seed 8).
  const seen4 = new Set(all.map((c) => `${c.dialogueId}@${c.index}`));
  const r5 = (c: Candidate): Candidate => ({ ...c, pools: c.pools.map((p) => p.replace(/^r3-/, 'r5-')) });
  all.push(...selectRound3(hh, seen4, QUOTAS_FINAL2.hh, 8).map(r5), ...selectRound3(oa, seen4, QUOTAS_FINAL2.oasst, 8).map(r5));
  // Round 6: a second never-tuned split ("final2"), drawn and labelled before the generalisation rework was
  // measured on it (seed 9); same pools (broad cues + uniform random).
  const seen5 = new Set(all.map((c) => `${c.dialogueId}@${c.index}`));
  const toR6 = (c: Candidate): Candidate => ({ ...c, pools: c.pools.map((p) => p.replace(/^r3-/, 'r6-')) });
  const r6 = [...selectRound3(hh, seen5, QUOTAS_FINAL3.hh, 9), ...selectRound3(oa, seen5, QUOTAS_FINAL3.oasst, 9)].map(toR6);
  all.push(...r6, ...selectRound6Extra(hh, seen5, r6, 28, 9), ...selectRound6Extra(oa, seen5, r6, 7, 9));
  all.forEach((c, k) => (c.cid = `c${String(k + 1).padStart(4, '0')}`));
  return all;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? '../shared/data';
  for (const c of allCandidates(dir)) process.stdout.write(JSON.stringify(c) + '\n');
}
