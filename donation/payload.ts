/**
 * Builds the donation payload — the exact plaintext that will be encrypted — at one level, for the person's choice of
 * sites, date range and conversations, with redaction applied and the rows they removed in review left out. It also
 * returns the review rows (one per message, tag or figure), so the review screen shows the same items that the payload
 * is built from, and removing a row there removes exactly that item here.
 *
 * What each level carries (and never more):
 * - summary: monthly figures only (tag counts and rates, AI-vocabulary rates, style figures). No text, no words, no ids.
 * - tags: each tag with its explanation, the messages it cites (redacted) and the person's own verdict on it ("Is this
 *   right? Yes / No / Not sure", or null when not judged; a disputed tag is sent with its "no", so researchers learn where
 *   Coevo was wrong). A tag that cites a conversation outside the selection is left out, so nothing outside the
 *   selection leaks through evidence.
 * - conversations: the selected conversations' current paths (redacted), with titles.
 * Conversations are named c1, c2, … in the payload: the sites' own ids and URLs never leave.
 */
import { analyze, currentPath } from '../analysis/engine';
import { ANALYSIS_VERSION } from '../analysis/version';
import {
  DONATION_SCHEMA,
  type DonatedConversation,
  type DonatedMessage,
  type DonatedPoint,
  type DonatedSummary,
  type DonatedTag,
  type DonatedVerdict,
  type DonationLevel,
  type DonationPayload,
} from '../model/donation';
import { TAG_TYPES, shown, type Tag, type TagType } from '../model/tags';
import type { ConversationWithMessages, Message } from '../model/types';
import { addCounts, emptyCounts, redact, termMatcher, type RedactionCounts, type RedactionSpan } from './redact';

export interface Selection {
  /** Sites to include (empty or absent = all). */
  sites?: readonly string[];
  /** Epoch ms, inclusive; a conversation counts by its start time (or last time when the start is unknown). */
  from?: number | null;
  to?: number | null;
  /** Only these conversations (absent = every conversation that matches sites and dates). */
  conversationIds?: readonly string[] | null;
}

export interface ConsentRecord {
  studyId: string;
  studySha256: string;
  version: string;
  /** Epoch ms when the person consented. */
  at: number;
}

export interface BuildOptions {
  level: DonationLevel;
  consent: ConsentRecord;
  selection?: Selection;
  /** The person's own terms to redact. */
  terms?: readonly string[];
  /** Row keys the person removed in review. */
  removed?: ReadonlySet<string> | readonly string[];
  /** Act tags below this confidence are not donated (the person's display setting). */
  minConfidence?: number;
  appVersion: string;
  now?: number;
  /** The conversations are Coevo's invented sample data (marked in the payload so researchers and the projector know). */
  sample?: boolean;
}

export interface BuildInput {
  conversations: readonly ConversationWithMessages[];
  /** The stored tags (as the person sees them); when absent they are computed from the selected conversations. */
  tags?: readonly Tag[];
  /** The person's verdicts by tag id (storage/verdicts.ts); a tag without one is sent as not judged (null). */
  verdicts?: ReadonlyMap<string, DonatedVerdict>;
}

/** One reviewable item: what the review table shows and what per-row removal refers to. */
export interface ReviewRow {
  key: string;
  kind: 'message' | 'title' | 'tag' | 'figure';
  /** Donation-local conversation id (c1, …), when the row belongs to one. */
  conversation?: string;
  /** The conversation's title as stored (shown locally only; what is sent is `text` of its title row). */
  conversationTitle?: string;
  site: string;
  time: number | null;
  /** role for messages, tag type for tags, series for figures */
  label: string;
  /** Exactly what is sent for this row (after redaction). */
  text: string;
  spans: RedactionSpan[];
  counts: RedactionCounts;
  /** For tags: the cited messages as sent. */
  evidence?: { role: string; conversation: string; text: string; spans: RedactionSpan[] }[];
  /** For tags: the person's verdict as sent (null = not judged). */
  verdict?: DonatedVerdict | null;
  removed: boolean;
}

export interface BuiltDonation {
  payload: DonationPayload;
  /** The serialized payload: these bytes (UTF-8) are what gets encrypted. */
  json: string;
  rows: ReviewRow[];
  /** The selected conversations (local ids), for the UI's pickers. */
  conversationIds: string[];
}

function iso(t: number | null | undefined): string | null {
  return t == null || !Number.isFinite(t) ? null : new Date(t).toISOString();
}

function convStart(c: ConversationWithMessages): number | null {
  if (c.createdAt != null) return c.createdAt;
  const t = c.messages.find((m) => m.time != null)?.time;
  return t ?? c.updatedAt ?? null;
}

/** The conversations a selection picks, oldest first. Without a date range, conversations of unknown date count. */
export function selectConversations(all: readonly ConversationWithMessages[], sel: Selection = {}): ConversationWithMessages[] {
  const sites = sel.sites?.length ? new Set(sel.sites) : null;
  const ids = sel.conversationIds ? new Set(sel.conversationIds) : null;
  const ranged = sel.from != null || sel.to != null;
  return all
    .filter((c) => {
      if (sites && !sites.has(c.site)) return false;
      if (ids && !ids.has(c.id)) return false;
      if (!ranged) return true;
      const t = convStart(c);
      if (t == null) return false;
      return (sel.from == null || t >= sel.from) && (sel.to == null || t <= sel.to);
    })
    .sort((a, b) => (convStart(a) ?? Infinity) - (convStart(b) ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function round(v: number, digits = 6): number {
  return Number.isFinite(v) ? Number(v.toFixed(digits)) : 0;
}

export function buildDonation(input: BuildInput, opts: BuildOptions): BuiltDonation {
  const removed = new Set(opts.removed ?? []);
  const sel = opts.selection ?? {};
  const convs = selectConversations(input.conversations, sel).map(currentPath);
  const local = new Map(convs.map((c, i) => [c.id, `c${i + 1}`]));
  const byId = new Map(convs.map((c) => [c.id, c]));
  const matcher = termMatcher(opts.terms ?? []);
  const rows: ReviewRow[] = [];
  const counts = emptyCounts();
  let removedRows = 0;
  const keep = (row: ReviewRow) => {
    rows.push(row);
    if (row.removed) removedRows++;
    else addCounts(counts, row.counts);
    return !row.removed;
  };
  const msgOut = (m: Message, text: string): DonatedMessage => ({
    role: m.role,
    content: text,
    time: iso(m.time),
    ...(m.model ? { model: m.model } : {}),
  });

  const payload: DonationPayload = {
    schema: DONATION_SCHEMA,
    studyId: opts.consent.studyId,
    consent: { studySha256: opts.consent.studySha256, version: opts.consent.version, at: iso(opts.consent.at)! },
    level: opts.level,
    createdAt: iso(opts.now ?? Date.now())!,
    app: { version: opts.appVersion, analysisVersion: ANALYSIS_VERSION },
    redaction: counts,
    scope: {
      sites: [...(sel.sites ?? [])].sort(),
      from: iso(sel.from),
      to: iso(sel.to),
      conversations: convs.length,
      removedRows: 0,
    },
    ...(opts.sample ? { sample: true } : {}),
  };

  if (opts.level === 'conversations') {
    const out: DonatedConversation[] = [];
    for (const c of convs) {
      const id = local.get(c.id)!;
      let title: string | undefined;
      if (c.title) {
        const r = redact(c.title, { matcher });
        const key = `title|${c.id}`;
        if (
          keep({
            key,
            kind: 'title',
            conversation: id,
            conversationTitle: c.title,
            site: c.site,
            time: convStart(c),
            label: 'title',
            text: r.text,
            spans: r.spans,
            counts: r.counts,
            removed: removed.has(key),
          })
        )
          title = r.text;
      }
      const messages: DonatedMessage[] = [];
      for (const m of c.messages) {
        const r = redact(m.text, { matcher });
        if (
          keep({
            key: m.id,
            kind: 'message',
            conversation: id,
            conversationTitle: c.title,
            site: c.site,
            time: m.time,
            label: m.role,
            text: r.text,
            spans: r.spans,
            counts: r.counts,
            removed: removed.has(m.id),
          })
        )
          messages.push(msgOut(m, r.text));
      }
      if (!messages.length) continue;
      out.push({
        id,
        site: c.site,
        ...(title !== undefined ? { title } : {}),
        ...(c.model ? { model: c.model } : {}),
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
        messages,
      });
    }
    payload.conversations = out;
  } else if (opts.level === 'tags') {
    const tags = (input.tags ?? analyze(convs, { minConfidence: opts.minConfidence }).tags).filter((t) => shown(t, opts.minConfidence));
    const out: DonatedTag[] = [];
    for (const t of tags) {
      const cited = [t.conversationId, ...t.messages.map((e) => e.conversationId ?? t.conversationId)];
      if (!cited.every((id) => byId.has(id))) continue; // evidence outside the selection never leaves
      const tagCounts = emptyCounts();
      const ex = redact(t.explanation, { matcher });
      addCounts(tagCounts, ex.counts);
      const evidence: DonatedTag['evidence'] = [];
      const evRows: NonNullable<ReviewRow['evidence']> = [];
      for (const e of t.messages) {
        const c = byId.get(e.conversationId ?? t.conversationId)!;
        const m = c.messages.find((x) => x.id === e.id) ?? c.messages[e.index];
        if (!m) continue;
        const r = redact(m.text, { matcher });
        addCounts(tagCounts, r.counts);
        evidence.push({ conversation: local.get(c.id)!, ...msgOut(m, r.text) });
        evRows.push({ role: m.role, conversation: local.get(c.id)!, text: r.text, spans: r.spans });
      }
      const conv = local.get(t.conversationId)!;
      const site = t.site ?? byId.get(t.conversationId)!.site;
      const verdict = input.verdicts?.get(t.id) ?? null;
      const row: ReviewRow = {
        key: t.id,
        kind: 'tag',
        conversation: conv,
        conversationTitle: byId.get(t.conversationId)!.title,
        site,
        time: t.time ?? null,
        label: t.type,
        text: ex.text,
        spans: ex.spans,
        counts: tagCounts,
        evidence: evRows,
        verdict,
        removed: removed.has(t.id),
      };
      if (!keep(row)) continue;
      const data = Object.fromEntries(
        Object.entries(t.data ?? {}).filter(([, v]) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'),
      ) as Record<string, number | boolean>;
      out.push({
        type: t.type,
        conversation: conv,
        site,
        direction: t.direction,
        confidence: round(t.confidence, 4),
        verdict,
        explanation: ex.text,
        time: iso(t.time),
        ...(Object.keys(data).length ? { data } : {}),
        evidence,
      });
    }
    payload.tags = out;
  } else {
    const s = analyze(convs, { granularity: 'month', minConfidence: opts.minConfidence }).summary;
    const figure = (series: string, p: DonatedPoint, extra = ''): boolean => {
      const key = `${series}|${p.period}|${p.site}${extra}`;
      return keep({
        key,
        kind: 'figure',
        site: p.site,
        time: null,
        label: series,
        text: `${p.period} ${p.site}: ${round(p.value)}`,
        spans: [],
        counts: emptyCounts(),
        removed: removed.has(key),
      });
    };
    const pts = (series: string, list: DonatedPoint[]) =>
      list.filter((p) => figure(series, p)).map((p) => ({ period: p.period, site: p.site, value: round(p.value) }));
    const tagTotals = Object.fromEntries(TAG_TYPES.map((t) => [t, s.totals.tags[t] ?? 0])) as Record<TagType, number>;
    const summary: DonatedSummary = {
      granularity: 'month',
      totals: { conversations: s.totals.conversations, userMessages: s.totals.userMessages, assistantMessages: s.totals.assistantMessages, tags: tagTotals },
      userMessages: pts('userMessages', s.userMessages),
      tagCounts: Object.fromEntries(TAG_TYPES.map((t) => [t, pts(`tagCounts.${t}`, s.tagCounts[t])])) as Record<TagType, DonatedPoint[]>,
      tagRates: Object.fromEntries(TAG_TYPES.map((t) => [t, pts(`tagRates.${t}`, s.tagRates[t])])) as Record<TagType, DonatedPoint[]>,
      aiVocabulary: s.aiVocabulary
        .filter((a) => figure('aiVocabulary', a))
        .map((a) => ({
          period: a.period,
          value: round(a.value),
          projected: a.projected == null ? null : round(a.projected),
          ratioLow95: a.ratioLow95 == null ? null : round(a.ratioLow95),
          ratioHigh95: a.ratioHigh95 == null ? null : round(a.ratioHigh95),
          rising: a.rising,
          words: a.words,
        })),
      lsm: pts('lsm', s.lsm),
      coordination: s.coordination
        .filter((c) => figure('coordination', c, `|${c.influence}`))
        .map((c) => ({ period: c.period, site: c.site, value: round(c.value), influence: c.influence, exchanges: c.exchanges })),
      styleDistance: pts('styleDistance', s.styleDistance),
      changePoints: s.changePoints
        .filter((c) => figure('changePoints', { period: c.period, site: 'all', value: c.effect }))
        .map((c) => ({ period: c.period, toward: c.toward, effect: round(c.effect), lsmBefore: round(c.lsmBefore), lsmAfter: round(c.lsmAfter) })),
    };
    payload.summary = summary;
  }
  payload.scope!.removedRows = removedRows;
  return { payload, json: JSON.stringify(payload, null, 2), rows, conversationIds: convs.map((c) => c.id) };
}

/** The UTF-8 bytes that are encrypted (the serialized payload shown in review). */
export function payloadBytes(built: Pick<BuiltDonation, 'json'>): Uint8Array {
  return new TextEncoder().encode(built.json);
}
