/**
 * The null-model and power report of the longitudinal tags, printed by `npm run eval` (and alone by
 * `npm run eval -- --longitudinal-only`). For each tag at its default threshold: the share of null histories it
 * fires on, per null kind (target ≤ 5 %), and the share of injected changes it finds (target ≥ 80 %).
 * Deterministic: the same options give the same figures.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag, TagType } from '../../model/tags';
import { ANALYSIS_VERSION } from '../../analysis/version';
import { tagger as termUptake } from '../../analysis/taggers/term-uptake';
import { tagger as aiVocabulary } from '../../analysis/taggers/ai-vocabulary';
import { tagger as styleConvergence } from '../../analysis/taggers/style-convergence';
import { tagger as opinionShift } from '../../analysis/taggers/opinion-shift';
import { isUptakeCandidateWord, isAiWordText } from '../../analysis/text/ai-words';
import {
  NULL_KINDS,
  injectAiVocabulary,
  injectOpinionShift,
  injectStyle,
  injectTermUptake,
  loadPerson,
  permutedHistory,
  stitchedHistory,
  taskSwitchHistory,
  type NullKind,
} from './histories';

export const LONGITUDINAL_TAGS = ['term-uptake', 'ai-vocabulary-rise', 'style-convergence', 'opinion-shift'] as const;
export type LongitudinalTag = (typeof LONGITUDINAL_TAGS)[number];

const TAGGERS = { 'term-uptake': termUptake, 'ai-vocabulary-rise': aiVocabulary, 'style-convergence': styleConvergence, 'opinion-shift': opinionShift };

const TARGET_FALSE_POSITIVE = 0.05;
const TARGET_POWER = 0.8;

export interface Rate {
  fired: number;
  n: number;
  rate: number;
  /** mean number of tags of this type per history */
  tagsPerHistory: number;
}

export interface TagFigures {
  nulls: Record<NullKind, Rate>;
  /** the worst null kind's rate */
  worstNull: number;
  power: Rate;
  passes: boolean;
}

export interface LongitudinalReport {
  version: number;
  histories: number;
  seed: number;
  tags: Record<LongitudinalTag, TagFigures>;
  /** examples of tags fired on null histories (for reading what went wrong) */
  examples: { tag: LongitudinalTag; kind: NullKind; explanation: string }[];
}

export interface ReportOptions {
  /** null histories per kind and injected histories per tag (default 200) */
  histories?: number;
  seed?: number;
  /** only these tags (default all four) */
  only?: LongitudinalTag[];
}

const ctx = { version: ANALYSIS_VERSION };

/** The tags of one type that the tagger emits for a history. */
export function tagsOf(tag: LongitudinalTag, history: ConversationWithMessages[]): Tag[] {
  return TAGGERS[tag].run(history, ctx).filter((t) => t.type === (tag as TagType));
}

function rate(counts: number[]): Rate {
  const fired = counts.filter((c) => c > 0).length;
  return {
    fired,
    n: counts.length,
    rate: counts.length ? fired / counts.length : 0,
    tagsPerHistory: counts.length ? counts.reduce((s, c) => s + c, 0) / counts.length : 0,
  };
}

export type Injector = (history: ConversationWithMessages[], seed: number) => ConversationWithMessages[] | null;

/** The realistic injected change per tag (null when this base history cannot carry it). */
const INJECTORS: Record<LongitudinalTag, Injector> = {
  'term-uptake': (h, s) => injectTermUptake(h, isUptakeCandidateWord, s)?.history ?? null,
  'ai-vocabulary-rise': (h, s) => injectAiVocabulary(h, isAiWordText, s),
  'style-convergence': (h, s) => injectStyle(h, s),
  'opinion-shift': (h, s) => injectOpinionShift(h, s),
};

async function nullHistories(kind: NullKind, n: number, seed: number): Promise<ConversationWithMessages[][]> {
  const out: ConversationWithMessages[][] = [];
  const person = kind === 'permuted' ? await loadPerson() : [];
  for (let i = 0; i < n; i++) {
    const s = seed + i;
    out.push(kind === 'stitched' ? stitchedHistory(s) : kind === 'task-switch' ? taskSwitchHistory(s) : permutedHistory(person, s));
  }
  return out;
}

export async function longitudinalReport(opts: ReportOptions = {}): Promise<{ text: string; json: LongitudinalReport }> {
  const n = opts.histories ?? 200;
  const seed = opts.seed ?? 1;
  const which = opts.only ?? [...LONGITUDINAL_TAGS];
  const counts = Object.fromEntries(LONGITUDINAL_TAGS.map((t) => [t, Object.fromEntries(NULL_KINDS.map((k) => [k, [] as number[]]))])) as Record<
    LongitudinalTag,
    Record<NullKind, number[]>
  >;
  const examples: LongitudinalReport['examples'] = [];
  for (const kind of NULL_KINDS) {
    for (const h of await nullHistories(kind, n, seed)) {
      for (const tag of which) {
        const tags = tagsOf(tag, h);
        counts[tag][kind].push(tags.length);
        if (tags.length && examples.filter((e) => e.tag === tag && e.kind === kind).length < 3) examples.push({ tag, kind, explanation: tags[0].explanation });
      }
    }
  }
  const power = Object.fromEntries(LONGITUDINAL_TAGS.map((t) => [t, [] as number[]])) as Record<LongitudinalTag, number[]>;
  // Injected changes ride on stitched histories of other seeds than the nulls.
  const bases = await nullHistories('stitched', n, seed + 100_000);
  bases.forEach((base, i) => {
    for (const tag of which) {
      const h = INJECTORS[tag](base, seed + i);
      if (h) power[tag].push(tagsOf(tag, h).length);
    }
  });
  const tags = {} as Record<LongitudinalTag, TagFigures>;
  for (const tag of which) {
    const nulls = Object.fromEntries(NULL_KINDS.map((k) => [k, rate(counts[tag][k])])) as Record<NullKind, Rate>;
    const worstNull = Math.max(...NULL_KINDS.map((k) => nulls[k].rate));
    const p = rate(power[tag]);
    tags[tag] = { nulls, worstNull, power: p, passes: worstNull <= TARGET_FALSE_POSITIVE && p.rate >= TARGET_POWER };
  }
  const json: LongitudinalReport = { version: ANALYSIS_VERSION, histories: n, seed, tags, examples };
  return { text: formatLongitudinal(json), json };
}

const pct = (r: Rate) => `${(100 * r.rate).toFixed(1).padStart(5)} %`;

function formatLongitudinal(r: LongitudinalReport): string {
  const L: string[] = [];
  L.push(
    `\nLongitudinal tags against null models (${r.histories} histories per null kind and per injected change, seed ${r.seed}; targets: fires on ≤ ${100 * TARGET_FALSE_POSITIVE} % of null histories, finds ≥ ${100 * TARGET_POWER} % of injected changes)`,
  );
  L.push(
    `  ${'tag'.padEnd(20)}${'stitched'.padStart(10)}${'permuted'.padStart(10)}${'task-switch'.padStart(13)}${'power'.padStart(10)}   tags/null history   verdict`,
  );
  for (const tag of LONGITUDINAL_TAGS) {
    const f = r.tags[tag];
    if (!f) continue;
    const perNull = NULL_KINDS.map((k) => f.nulls[k].tagsPerHistory.toFixed(2)).join(' / ');
    L.push(
      `  ${tag.padEnd(20)}${pct(f.nulls.stitched).padStart(10)}${pct(f.nulls.permuted).padStart(10)}${pct(f.nulls['task-switch']).padStart(13)}${pct(f.power).padStart(10)}   ${perNull.padEnd(18)}  ${f.passes ? 'passes' : f.worstNull > TARGET_FALSE_POSITIVE ? 'FAILS null models' : 'low power'}`,
    );
  }
  if (r.examples.length) {
    L.push('  examples of tags on null histories:');
    for (const e of r.examples.slice(0, 12)) L.push(`    ${e.tag} (${e.kind}): ${e.explanation.slice(0, 200)}`);
  }
  return L.join('\n') + '\n';
}
