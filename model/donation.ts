/**
 * The donation payload: the plaintext a person reviews, that is then encrypted to a study's key. Documented for
 * researchers as an open JSON schema (`model/donation.schema.json`); `donationProblems` checks the same rules at
 * runtime (the researcher's `study pull` validates every decrypted donation with it).
 *
 * Versioned by `schema`: "coevo-donation/1". Add optional fields freely; anything else is a new version.
 */
import { TAG_TYPES, type TagType } from './tags';
import { SITE_IDS } from './types';

export const DONATION_SCHEMA = 'coevo-donation/1';

export const DONATION_LEVELS = ['summary', 'tags', 'conversations'] as const;
export type DonationLevel = (typeof DONATION_LEVELS)[number];

export const REDACTION_KINDS = ['email', 'phone', 'url', 'ip', 'card', 'iban', 'term'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];
export type RedactionCounts = Record<RedactionKind, number>;

export interface DonatedPoint {
  period: string;
  /** A site id, or 'all' for every assistant together. */
  site: string;
  value: number;
}

/** The summary level: figures only, never text. */
export interface DonatedSummary {
  granularity: 'month';
  totals: { conversations: number; userMessages: number; assistantMessages: number; tags: Record<TagType, number> };
  userMessages: DonatedPoint[];
  tagCounts: Record<TagType, DonatedPoint[]>;
  tagRates: Record<TagType, DonatedPoint[]>;
  aiVocabulary: {
    period: string;
    value: number;
    projected: number | null;
    ratioLow95: number | null;
    ratioHigh95: number | null;
    rising: boolean;
    words: number;
  }[];
  lsm: DonatedPoint[];
  coordination: (DonatedPoint & { influence: 'assistant→user' | 'user→assistant'; exchanges: number })[];
  styleDistance: DonatedPoint[];
  changePoints: { period: string; toward: boolean; effect: number; lsmBefore: number; lsmAfter: number }[];
}

export interface DonatedMessage {
  role: 'user' | 'assistant';
  /** The message text after redaction (`{role, content}` as in ShareLM, WildChat and LMSYS corpora). */
  content: string;
  /** ISO 8601, or null when unknown. */
  time: string | null;
  model?: string;
}

/** The person's answer to "Is this right?" on a tag (issue 13): yes, no, not sure. */
export const DONATED_VERDICTS = ['yes', 'no', 'unsure'] as const;
export type DonatedVerdict = (typeof DONATED_VERDICTS)[number];

export interface DonatedTag {
  type: TagType;
  /** The donation-local conversation id (c1, c2, …): the site's own ids never leave. */
  conversation: string;
  site: string;
  direction: 'assistant→user' | 'user→assistant';
  confidence: number;
  /**
   * The person's own verdict on this tag ("Is this right? Yes / No / Not sure"), or null when they did not judge it.
   * Absent in donations made before verdicts were donated (read as not judged).
   */
  verdict?: DonatedVerdict | null;
  explanation: string;
  time: string | null;
  /** The tag's numeric details only (effect sizes, counts); words are in the evidence. */
  data?: Record<string, number | boolean>;
  evidence: (DonatedMessage & { conversation: string })[];
}

export interface DonatedConversation {
  /** Donation-local id (c1, c2, …). */
  id: string;
  site: string;
  title?: string;
  model?: string;
  createdAt: string | null;
  updatedAt: string | null;
  messages: DonatedMessage[];
}

export interface DonationPayload {
  schema: typeof DONATION_SCHEMA;
  studyId: string;
  consent: { studySha256: string; version: string; at: string };
  level: DonationLevel;
  createdAt: string;
  app: { version: string; analysisVersion: number };
  /** How many items of each kind were replaced by a marker in what is sent. */
  redaction: RedactionCounts;
  /** What the person chose: sites (empty = all), the date range, and how many rows they removed in review. */
  scope?: { sites: string[]; from: string | null; to: string | null; conversations: number; removedRows: number };
  /** True when the figures come from Coevo's invented sample data, not the person's own chats (class sessions). */
  sample?: boolean;
  summary?: DonatedSummary;
  tags?: DonatedTag[];
  conversations?: DonatedConversation[];
}

const HEX64 = /^[0-9a-f]{64}$/;
// 'unknown': chat files that do not name their assistant (analysis/evidence.ts siteKey).
const SITES = new Set<string>([...SITE_IDS, 'all', 'unknown']);
const TAGS = new Set<string>(TAG_TYPES);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIso = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown) => v === null || isNum(v);
const PERIOD = /^\d{4}-\d{2}$/;

function points(v: unknown, where: string, p: string[], extra?: (o: Record<string, unknown>, w: string) => void) {
  if (!Array.isArray(v)) return void p.push(`${where}: expected an array`);
  v.forEach((x, i) => {
    const w = `${where}[${i}]`;
    if (!isObj(x)) return void p.push(`${w}: expected an object`);
    if (typeof x.period !== 'string' || !PERIOD.test(x.period)) p.push(`${w}.period: expected YYYY-MM`);
    if (!SITES.has(x.site as string)) p.push(`${w}.site: expected a site id, "all" or "unknown"`);
    if (!isNum(x.value)) p.push(`${w}.value: expected a number`);
    extra?.(x, w);
  });
}

function byTag(v: unknown, where: string, p: string[]) {
  if (!isObj(v)) return void p.push(`${where}: expected an object keyed by tag type`);
  for (const k of Object.keys(v)) if (!TAGS.has(k)) p.push(`${where}.${k}: unknown tag type`);
  for (const t of TAG_TYPES) points(v[t], `${where}.${t}`, p);
}

function message(v: unknown, where: string, p: string[], withConv: boolean) {
  if (!isObj(v)) return void p.push(`${where}: expected an object`);
  if (v.role !== 'user' && v.role !== 'assistant') p.push(`${where}.role: expected "user" or "assistant"`);
  if (typeof v.content !== 'string') p.push(`${where}.content: expected a string`);
  if (v.time !== null && !isIso(v.time)) p.push(`${where}.time: expected an ISO time or null`);
  if (v.model !== undefined && typeof v.model !== 'string') p.push(`${where}.model: expected a string`);
  if (withConv && (typeof v.conversation !== 'string' || !/^c\d+$/.test(v.conversation))) p.push(`${where}.conversation: expected c1, c2, …`);
}

function summary(v: unknown, p: string[]) {
  if (!isObj(v)) return void p.push('summary: expected an object');
  if (v.granularity !== 'month') p.push('summary.granularity: expected "month"');
  const t = v.totals;
  if (!isObj(t)) p.push('summary.totals: expected an object');
  else {
    for (const k of ['conversations', 'userMessages', 'assistantMessages']) if (!isNum(t[k])) p.push(`summary.totals.${k}: expected a number`);
    if (!isObj(t.tags)) p.push('summary.totals.tags: expected an object');
    else for (const k of Object.keys(t.tags)) if (!TAGS.has(k) || !isNum(t.tags[k])) p.push(`summary.totals.tags.${k}: unknown tag type or not a number`);
  }
  points(v.userMessages, 'summary.userMessages', p);
  byTag(v.tagCounts, 'summary.tagCounts', p);
  byTag(v.tagRates, 'summary.tagRates', p);
  if (!Array.isArray(v.aiVocabulary)) p.push('summary.aiVocabulary: expected an array');
  else
    v.aiVocabulary.forEach((x, i) => {
      const w = `summary.aiVocabulary[${i}]`;
      if (!isObj(x)) return void p.push(`${w}: expected an object`);
      if (typeof x.period !== 'string' || !PERIOD.test(x.period)) p.push(`${w}.period: expected YYYY-MM`);
      if (!isNum(x.value) || !isNum(x.words)) p.push(`${w}: value and words must be numbers`);
      for (const k of ['projected', 'ratioLow95', 'ratioHigh95']) if (!isNumOrNull(x[k])) p.push(`${w}.${k}: expected a number or null`);
      if (typeof x.rising !== 'boolean') p.push(`${w}.rising: expected a boolean`);
      for (const k of Object.keys(x))
        if (!['period', 'value', 'projected', 'ratioLow95', 'ratioHigh95', 'rising', 'words'].includes(k))
          p.push(`${w}.${k}: not allowed (the summary level carries no words)`);
    });
  points(v.lsm, 'summary.lsm', p);
  points(v.coordination, 'summary.coordination', p, (x, w) => {
    if (x.influence !== 'assistant→user' && x.influence !== 'user→assistant') p.push(`${w}.influence: expected assistant→user or user→assistant`);
    if (!isNum(x.exchanges)) p.push(`${w}.exchanges: expected a number`);
  });
  points(v.styleDistance, 'summary.styleDistance', p);
  if (!Array.isArray(v.changePoints)) p.push('summary.changePoints: expected an array');
  else
    v.changePoints.forEach((x, i) => {
      const w = `summary.changePoints[${i}]`;
      if (!isObj(x) || typeof x.period !== 'string' || typeof x.toward !== 'boolean' || !isNum(x.effect) || !isNum(x.lsmBefore) || !isNum(x.lsmAfter))
        p.push(`${w}: expected {period, toward, effect, lsmBefore, lsmAfter}`);
    });
}

/** Every problem with a decrypted donation payload (empty = valid against coevo-donation/1). */
export function donationProblems(v: unknown): string[] {
  if (!isObj(v)) return ['the donation is not a JSON object'];
  const p: string[] = [];
  if (v.schema !== DONATION_SCHEMA) p.push(`schema: expected "${DONATION_SCHEMA}", got ${JSON.stringify(v.schema)}`);
  if (typeof v.studyId !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(v.studyId)) p.push('studyId: expected a study id');
  const c = v.consent;
  if (!isObj(c)) p.push('consent: expected {studySha256, version, at}');
  else {
    if (typeof c.studySha256 !== 'string' || !HEX64.test(c.studySha256)) p.push('consent.studySha256: expected 64 lower-case hex characters');
    if (typeof c.version !== 'string' || !c.version) p.push('consent.version: expected a non-empty string');
    if (!isIso(c.at)) p.push('consent.at: expected an ISO time');
  }
  if (!DONATION_LEVELS.includes(v.level as DonationLevel)) p.push(`level: expected one of ${DONATION_LEVELS.join(', ')}`);
  if (!isIso(v.createdAt)) p.push('createdAt: expected an ISO time');
  if (!isObj(v.app) || typeof v.app.version !== 'string' || !Number.isInteger(v.app.analysisVersion)) p.push('app: expected {version, analysisVersion}');
  if (!isObj(v.redaction)) p.push('redaction: expected counts by kind');
  else for (const k of REDACTION_KINDS) if (!Number.isInteger(v.redaction[k]) || (v.redaction[k] as number) < 0) p.push(`redaction.${k}: expected a count`);
  if (v.scope !== undefined) {
    const s = v.scope;
    if (
      !isObj(s) ||
      !Array.isArray(s.sites) ||
      !Number.isInteger(s.conversations) ||
      !Number.isInteger(s.removedRows) ||
      (s.from !== null && !isIso(s.from)) ||
      (s.to !== null && !isIso(s.to))
    )
      p.push('scope: expected {sites, from, to, conversations, removedRows}');
  }
  if (v.sample !== undefined && typeof v.sample !== 'boolean') p.push('sample: expected true or false');
  // What each level may carry: a lower level never carries a higher level's content.
  const has = { summary: v.summary !== undefined, tags: v.tags !== undefined, conversations: v.conversations !== undefined };
  if (v.level === 'summary' && (has.tags || has.conversations || !has.summary)) p.push('level "summary": carries "summary" only');
  if (v.level === 'tags' && (has.summary || has.conversations || !has.tags)) p.push('level "tags": carries "tags" only');
  if (v.level === 'conversations' && (has.summary || has.tags || !has.conversations)) p.push('level "conversations": carries "conversations" only');
  if (has.summary) summary(v.summary, p);
  if (has.tags) {
    if (!Array.isArray(v.tags)) p.push('tags: expected an array');
    else
      v.tags.forEach((t, i) => {
        const w = `tags[${i}]`;
        if (!isObj(t)) return void p.push(`${w}: expected an object`);
        if (!TAGS.has(t.type as string)) p.push(`${w}.type: unknown tag type`);
        if (typeof t.conversation !== 'string' || !/^c\d+$/.test(t.conversation)) p.push(`${w}.conversation: expected c1, c2, …`);
        if (!SITES.has(t.site as string)) p.push(`${w}.site: expected a site id`);
        if (t.direction !== 'assistant→user' && t.direction !== 'user→assistant') p.push(`${w}.direction: expected assistant→user or user→assistant`);
        if (!isNum(t.confidence) || (t.confidence as number) < 0 || (t.confidence as number) > 1) p.push(`${w}.confidence: expected 0..1`);
        if (t.verdict !== undefined && t.verdict !== null && !DONATED_VERDICTS.includes(t.verdict as DonatedVerdict))
          p.push(`${w}.verdict: expected "yes", "no", "unsure" or null`);
        if (typeof t.explanation !== 'string') p.push(`${w}.explanation: expected a string`);
        if (t.time !== null && !isIso(t.time)) p.push(`${w}.time: expected an ISO time or null`);
        if (t.data !== undefined && (!isObj(t.data) || Object.values(t.data).some((x) => !isNum(x) && typeof x !== 'boolean')))
          p.push(`${w}.data: numbers and booleans only`);
        if (!Array.isArray(t.evidence)) p.push(`${w}.evidence: expected an array`);
        else t.evidence.forEach((m, j) => message(m, `${w}.evidence[${j}]`, p, true));
      });
  }
  if (has.conversations) {
    if (!Array.isArray(v.conversations)) p.push('conversations: expected an array');
    else
      v.conversations.forEach((c, i) => {
        const w = `conversations[${i}]`;
        if (!isObj(c)) return void p.push(`${w}: expected an object`);
        if (typeof c.id !== 'string' || !/^c\d+$/.test(c.id)) p.push(`${w}.id: expected c1, c2, …`);
        if (!SITES.has(c.site as string) || c.site === 'all') p.push(`${w}.site: expected a site id`);
        for (const k of ['title', 'model']) if (c[k] !== undefined && typeof c[k] !== 'string') p.push(`${w}.${k}: expected a string`);
        for (const k of ['createdAt', 'updatedAt']) if (c[k] !== null && !isIso(c[k])) p.push(`${w}.${k}: expected an ISO time or null`);
        if (!Array.isArray(c.messages)) p.push(`${w}.messages: expected an array`);
        else c.messages.forEach((m, j) => message(m, `${w}.messages[${j}]`, p, false));
      });
  }
  return p;
}
