/**
 * The overview's charts as plain data (chart specs), computed from stored aggregates and tags. Pure, so
 * the charts' numbers are unit-tested and identical in the dashboard, presentation mode and CSV.
 */
import type { Tag } from '../../model/tags';
import { SITE_IDS, SITE_NAMES, type SiteId } from '../../model/types';
import type { ChartSpec } from '../../components/ChartCard';
import { DIRECTION_COLORS, SITE_COLORS } from '../../components/colors';
import type { Activity } from '../../components/data';
import { formatPeriod, keyTime, periodKey, periodRange, type Period } from '../../components/format';
import { t } from '../../components/i18n';
import { tagTerm, TYPE_DIRECTION } from '../../components/tagMeta';
import type { Summary } from '../../analysis/summary';
import { TAG_TYPES } from '../../model/tags';
import { href } from './route';
import { fillPeriods, periodLabel } from './summary-charts';

/** Weeks for up to ~9 months of history, months beyond (keeps bars readable). */
export function choosePeriod(first: number | null, last: number | null): Period {
  if (first === null || last === null) return 'week';
  return last - first > 270 * 86_400_000 ? 'month' : 'week';
}

export function timeSpan(activity: Activity, tags: readonly Tag[]): { first: number; last: number } | null {
  let first = activity.first ?? Infinity;
  let last = activity.last ?? -Infinity;
  for (const tag of tags) {
    if (tag.time === undefined) continue;
    if (tag.time < first) first = tag.time;
    if (tag.time > last) last = tag.time;
  }
  return first <= last ? { first, last } : null;
}

const dayKeyToPeriod = (day: string, p: Period) => periodKey(keyTime(day), p);

/** Messages the person sent per period, one stacked series per assistant they used. */
export function activitySpec(activity: Activity, span: { first: number; last: number }, p: Period): ChartSpec {
  const keys = periodRange(span.first, span.last, p);
  const index = new Map(keys.map((k, i) => [k, i]));
  const per = new Map<SiteId, number[]>();
  for (const [day, sites] of Object.entries(activity.days)) {
    const i = index.get(dayKeyToPeriod(day, p));
    if (i === undefined) continue;
    for (const [site, c] of Object.entries(sites)) {
      let arr = per.get(site as SiteId);
      if (!arr) per.set(site as SiteId, (arr = new Array(keys.length).fill(0)));
      arr[i] += c.user;
    }
  }
  return {
    type: 'bar',
    stacked: true,
    integer: true,
    keys,
    keyHeader: p,
    labels: keys.map((k) => formatPeriod(k, p)),
    yTitle: t('axisMessagesYouSent'),
    series: SITE_IDS.filter((s) => per.has(s)).map((s) => ({ label: SITE_NAMES[s], data: per.get(s)!, color: SITE_COLORS[s] })),
  };
}

/** Influence moments per period in each direction (assistant→user: uptake, concessions, convergence…; user→assistant: pushback, capitulations…). */
export function influenceSpec(tags: readonly Tag[], span: { first: number; last: number }, p: Period): ChartSpec {
  const keys = periodRange(span.first, span.last, p);
  const index = new Map(keys.map((k, i) => [k, i]));
  const a2u = new Array(keys.length).fill(0);
  const u2a = new Array(keys.length).fill(0);
  for (const tag of tags) {
    if (tag.time === undefined) continue;
    const i = index.get(periodKey(tag.time, p));
    if (i === undefined) continue;
    (tag.direction === 'assistant→user' ? a2u : u2a)[i]++;
  }
  return {
    type: 'bar',
    integer: true,
    keys,
    keyHeader: p,
    labels: keys.map((k) => formatPeriod(k, p)),
    yTitle: t('axisMoments'),
    series: [
      { label: t('dirAssistantToUser'), data: a2u, color: DIRECTION_COLORS['assistant→user'] },
      { label: t('dirUserToAssistant'), data: u2a, color: DIRECTION_COLORS['user→assistant'] },
    ],
  };
}

export interface AdoptedTerm {
  term: string;
  /** Times the uptake was tagged. */
  count: number;
  /** First tagged uptake. */
  first: number | undefined;
  /** The assistant the term came from (`data.sourceSite`), else the site of the conversation it was used in. */
  site: string | undefined;
  /** Where its evidence is: the first uptake's tag, or (from the summary) the conversation it happened in. */
  href: string;
}

/** Terms the person took up from an assistant, most frequent first. */
export function adoptedTerms(tags: readonly Tag[], limit = 10): AdoptedTerm[] {
  const by = new Map<string, AdoptedTerm>();
  for (const tag of tags) {
    if (tag.type !== 'term-uptake') continue;
    const term = tagTerm(tag.data);
    if (!term) continue;
    const key = term.toLowerCase();
    const source = typeof tag.data?.sourceSite === 'string' ? tag.data.sourceSite : tag.site;
    const cur = by.get(key);
    if (!cur) by.set(key, { term, count: 1, first: tag.time, site: source, href: href.tag(tag.id) });
    else {
      cur.count++;
      if (tag.time !== undefined && (cur.first === undefined || tag.time < cur.first)) {
        cur.first = tag.time;
        cur.term = term;
        cur.site = source;
        cur.href = href.tag(tag.id);
      }
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.first ?? 0) - (b.first ?? 0)).slice(0, limit);
}

export function adoptedSpec(terms: readonly AdoptedTerm[]): ChartSpec {
  return {
    type: 'bar',
    integer: true,
    keyHeader: 'term',
    labels: terms.map((x) => x.term),
    yTitle: t('axisTimesAdopted'),
    series: [{ label: t('seriesUptakes'), data: terms.map((x) => x.count), color: DIRECTION_COLORS['assistant→user'] }],
  };
}

/** Adopted terms from the summary (the same uptakes, without loading every tag). */
export function adoptedTermsFromSummary(s: Summary, limit = 10): AdoptedTerm[] {
  const by = new Map<string, AdoptedTerm>();
  for (const x of s.adoptedTerms ?? []) {
    const key = x.term.toLowerCase();
    const first = x.date ?? undefined;
    const cur = by.get(key);
    if (!cur) by.set(key, { term: x.term, count: 1, first, site: x.sourceSite || x.site, href: href.conversation(x.conversationId) });
    else {
      cur.count++;
      if (first !== undefined && (cur.first === undefined || first < cur.first))
        Object.assign(cur, { term: x.term, first, site: x.sourceSite || x.site, href: href.conversation(x.conversationId) });
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.first ?? 0) - (b.first ?? 0)).slice(0, limit);
}

/** Influence moments per summary period and direction, from the summary's tag counts (all assistants). */
export function influenceFromSummary(s: Summary): ChartSpec | undefined {
  const a2u = new Map<string, number>();
  const u2a = new Map<string, number>();
  for (const type of TAG_TYPES)
    for (const p of s.tagCounts?.[type] ?? []) {
      if (p.site !== 'all') continue;
      const m = TYPE_DIRECTION[type] === 'assistant→user' ? a2u : u2a;
      m.set(p.period, (m.get(p.period) ?? 0) + p.value);
    }
  // Months without a moment are bars of zero, in their place on the axis.
  const keys = fillPeriods([...a2u.keys(), ...u2a.keys()]);
  if (!keys.length) return undefined;
  return {
    type: 'bar',
    integer: true,
    keys,
    keyHeader: s.granularity,
    labels: keys.map(periodLabel),
    yTitle: t('axisMoments'),
    series: [
      { label: t('dirAssistantToUser'), data: keys.map((k) => a2u.get(k) ?? 0), color: DIRECTION_COLORS['assistant→user'] },
      { label: t('dirUserToAssistant'), data: keys.map((k) => u2a.get(k) ?? 0), color: DIRECTION_COLORS['user→assistant'] },
    ],
  };
}
