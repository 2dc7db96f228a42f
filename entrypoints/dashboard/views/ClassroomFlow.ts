/**
 * The student's side of a class session, as plain functions over the store (the Classroom view wires them to clicks;
 * unit tests run them in Node). A class is a study of kind `classroom` whose only level is the summary, served by the
 * teacher's laptop; a student joins with the class code (which spells that address, donation/classroom.ts) or the
 * address itself, reviews the summary figures that would leave, and sends them through the same encryption and outbox
 * as any donation (DonateFlow.ts, background/donation.ts). Leaving the class withdraws what they sent.
 *
 * Privacy: nothing here makes a request except `fetchClass`, called only when the student clicks "Join" (the view asks
 * for the host permission of that one origin inside the same click). A contribution is only ever the summary level: no
 * text, no words, no conversation ids. A student without chats of their own sends figures of their own invented sample
 * student instead, marked `sample: true` in the payload so the teacher's projector can say how many are made up.
 */
import { collectorFromCode, isLocalNetworkHost } from '../../../donation/classroom';
import { buildDonation, type BuiltDonation } from '../../../donation/payload';
import { StudyError, type ParsedStudy } from '../../../donation/study';
import type { DonatedSummary } from '../../../model/donation';
import { TAG_TYPES } from '../../../model/tags';
import { DEFAULT_SEED, generateSample } from '../../../sample/generate';
import type { CoevoDB } from '../../../storage/db';
import { listDonations, listStudies, type DonationRow, type StudyRow } from '../../../storage/donations';
import { fetchStudy, prepareDonation } from './DonateFlow';

/** The per-install seed of this student's own sample (a setting, so the same invented student comes back). */
export const SAMPLE_SEED_KEY = 'classroom.sampleSeed';

/**
 * The collector a student means, from what they typed: a class code ("0G00D-0T9E2"), or an address
 * ("192.168.1.20:8787", "http://192.168.1.20:8787/…"). Plain http only to this machine or a local-network address (a
 * teacher's laptop in the classroom); anything else must be https. Returns the origin (`http://a.b.c.d:port`).
 */
export function classAddress(input: string): string {
  const typed = input.trim();
  if (!typed) throw new StudyError(['type the class code or the address the teacher shows']);
  const fromCode = collectorFromCode(typed);
  if (fromCode && !/[.:/]/.test(typed)) return fromCode;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
  } catch {
    throw new StudyError([`"${typed}" is neither a class code (two groups of five letters and digits) nor an address`]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new StudyError([`"${typed}" is not an http(s) address`]);
  if (u.username || u.password) throw new StudyError(['the address must not contain a user name or password']);
  if (u.protocol === 'http:' && !isLocalNetworkHost(u.hostname))
    throw new StudyError([`plain http only reaches a class on this computer or the local network; "${u.hostname}" needs https://`]);
  return u.origin;
}

/** Where a class's study file is. */
export function classStudyUrl(collector: string): string {
  return `${collector.replace(/\/+$/, '')}/study.json`;
}

/**
 * Fetches the class file at that address and checks it is a class there: kind `classroom`, asking for the summary,
 * and naming this very address as its collector (otherwise the figures would go somewhere the student did not type).
 */
export async function fetchClass(collector: string, fetchFn: typeof fetch = fetch): Promise<ParsedStudy> {
  const parsed = await fetchStudy(classStudyUrl(collector), fetchFn);
  const s = parsed.study;
  const problems: string[] = [];
  if (s.kind !== 'classroom') problems.push(`"${s.title}" is a research study, not a class: join it from Donate`);
  if (!s.levels.includes('summary')) problems.push('the class does not ask for the summary figures, the only thing a class member shares');
  if (new URL(s.collector).origin !== new URL(collector).origin)
    problems.push(`the class file sends contributions to ${new URL(s.collector).origin}, not to ${new URL(collector).origin} where it was fetched`);
  if (problems.length) throw new StudyError(problems);
  return parsed;
}

/** The classes this device joined (studies of kind classroom), newest first. */
export async function listClasses(db: CoevoDB): Promise<StudyRow[]> {
  return (await listStudies(db)).filter((s) => s.study.kind === 'classroom');
}

/** This device's contributions to one class, newest first (withdrawn ones included). */
export async function classContributions(db: CoevoDB, studyId: string): Promise<DonationRow[]> {
  return (await listDonations(db)).filter((d) => d.studyId === studyId);
}

/** The seed of this student's own sample, made (at random, on this device) the first time it is needed. */
export async function sampleSeed(db: CoevoDB, random: () => number = randomSeed): Promise<number> {
  const v = (await db.settings.get(SAMPLE_SEED_KEY))?.value;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  return newSampleSeed(db, random);
}

/** Draws another invented student (the student asked for a different one). */
export async function newSampleSeed(db: CoevoDB, random: () => number = randomSeed): Promise<number> {
  let seed = random();
  // Never Sam, the sample everybody sees with "Try with sample data": each student's copy is their own.
  while (!Number.isInteger(seed) || seed <= 0 || seed === DEFAULT_SEED) seed = randomSeed();
  await db.settings.put({ key: SAMPLE_SEED_KEY, value: seed });
  return seed;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! || 1;
}

/** Whose figures a contribution carries: the student's own chats, or their own invented sample student. */
export type ClassSource = { kind: 'own' } | { kind: 'sample'; seed: number };

export interface ClassChoice {
  source: ClassSource;
  /** Review rows (figures) the student took out. */
  removed: string[];
  minConfidence: number;
}

/** Builds the summary contribution the student reviews: from their own store, or from their own sample student. */
export async function prepareClassDonation(db: CoevoDB, study: StudyRow, choice: ClassChoice, appVersion: string, now = Date.now()): Promise<BuiltDonation> {
  if (choice.source.kind === 'own')
    return prepareDonation(
      db,
      study,
      { level: 'summary', selection: {}, terms: [], removed: choice.removed, minConfidence: choice.minConfidence },
      appVersion,
      now,
    );
  return buildDonation(
    { conversations: generateSample(now, choice.source.seed) },
    {
      level: 'summary',
      consent: { studyId: study.id, studySha256: study.sha256, version: study.consent.version, at: study.consent.at },
      removed: choice.removed,
      minConfidence: choice.minConfidence,
      appVersion,
      now,
      sample: true,
    },
  );
}

/** One line of the readable figures table: a measure for one assistant (or all), its value per month. */
export interface FigureLine {
  /** The review rows' series name (`userMessages`, `tagRates.user-pushback`, `coordination.user→assistant`, …). */
  series: string;
  site: string;
  values: (number | null)[];
}

export interface FigureTable {
  periods: string[];
  /** Whole-history totals (`totals.*` of the payload). */
  totals: { series: string; value: number }[];
  lines: FigureLine[];
}

/**
 * Every number of a summary payload, laid out for reading: totals, then one line per measure and assistant with a
 * column per month. Built from the payload itself, so it shows exactly what leaves (nothing rounded, nothing added).
 */
export function figureTable(summary: DonatedSummary): FigureTable {
  const periods = new Set<string>();
  const lines = new Map<string, FigureLine & { byPeriod: Map<string, number> }>();
  const put = (series: string, site: string, period: string, value: number) => {
    periods.add(period);
    const key = `${series}|${site}`;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = { series, site, values: [], byPeriod: new Map() }));
    l.byPeriod.set(period, value);
  };
  for (const p of summary.userMessages) put('userMessages', p.site, p.period, p.value);
  for (const type of TAG_TYPES) for (const p of summary.tagCounts[type] ?? []) put(`tagCounts.${type}`, p.site, p.period, p.value);
  for (const type of TAG_TYPES) for (const p of summary.tagRates[type] ?? []) put(`tagRates.${type}`, p.site, p.period, p.value);
  for (const a of summary.aiVocabulary) put('aiVocabulary', 'all', a.period, a.value);
  for (const p of summary.lsm) put('lsm', p.site, p.period, p.value);
  for (const c of summary.coordination) put(`coordination.${c.influence}`, c.site, c.period, c.value);
  for (const p of summary.styleDistance) put('styleDistance', p.site, p.period, p.value);
  for (const c of summary.changePoints) put('changePoints', 'all', c.period, c.effect);
  const cols = [...periods].sort();
  const totals = [
    { series: 'totals.conversations', value: summary.totals.conversations },
    { series: 'totals.userMessages', value: summary.totals.userMessages },
    { series: 'totals.assistantMessages', value: summary.totals.assistantMessages },
    ...TAG_TYPES.map((type) => ({ series: `totals.tags.${type}`, value: summary.totals.tags[type] ?? 0 })),
  ];
  // Measures in the order above; within one, all assistants first, then each in name order.
  const seriesOrder = [...new Set([...lines.values()].map((l) => l.series))];
  const siteKey = (site: string) => (site === 'all' ? '' : site);
  const out = [...lines.values()]
    .map(({ series, site, byPeriod }) => ({ series, site, values: cols.map((p) => byPeriod.get(p) ?? null) }))
    .sort((a, b) => seriesOrder.indexOf(a.series) - seriesOrder.indexOf(b.series) || siteKey(a.site).localeCompare(siteKey(b.site)));
  return { periods: cols, totals, lines: out };
}
