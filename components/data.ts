/**
 * What the popup and the dashboard read from the store, shaped for display. Extension pages read Dexie
 * directly (same origin as the background): no message-size limits and no round trip for large views.
 *
 * Activity (messages per period, site and role) comes first from the analysis summary the background keeps
 * up to date (`analysis.summary`, its `userMessages` series): one row read, whatever the store's size. When
 * there is no summary yet, it is counted from the messages once and cached in the `analysis` table under
 * `ui:activity` with a cheap fingerprint (message count and time range). The popup reads only recent weeks.
 */
import { SITE_IDS, type Message, type SiteId } from '../model/types';
import { shown, type Tag } from '../model/tags';
import { getSettings } from '../storage/settings';
import type { Summary } from '../analysis/summary';
import type { CoevoDB } from '../storage/db';
import { dayKey } from './format';

export interface DayActivity {
  /** Messages per site on this day, by role. */
  [site: string]: { user: number; assistant: number };
}

export interface Activity {
  /** Local day `YYYY-MM-DD` → per-site counts. Only messages with a known time are placed on the timeline. */
  days: Record<string, DayActivity>;
  /** Messages whose time is unknown (history already on a page when it loaded). */
  undated: number;
  total: number;
  first: number | null;
  last: number | null;
}

export const ACTIVITY_KEY = 'ui:activity';

/** The site a message belongs to, from its stable id (`<site>:<conversation>#<message>`, see model/ids.ts). */
function siteOfId(id: string): SiteId | undefined {
  const site = id.slice(0, id.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(site) ? (site as SiteId) : undefined;
}

/** Message count and time range: cheap (indexes only), and changes whenever messages are added or removed. */
export async function fingerprint(db: CoevoDB, knownCount?: number): Promise<string> {
  const byTime = db.messages.orderBy('time');
  // A count of a large store walks it: callers that just counted pass theirs.
  const [count, first, last] = await Promise.all([knownCount ?? db.messages.count(), byTime.clone().limit(1).keys(), byTime.clone().reverse().limit(1).keys()]);
  return `${count}|${first[0] ?? ''}|${last[0] ?? ''}`;
}

function emptyActivity(): Activity {
  return { days: {}, undated: 0, total: 0, first: null, last: null };
}

function addMessage(a: Activity, m: Pick<Message, 'id' | 'role' | 'time'>): void {
  a.total++;
  if (m.time === null) {
    a.undated++;
    return;
  }
  const site = siteOfId(m.id);
  if (!site) return;
  const day = (a.days[dayKey(m.time)] ??= {});
  const c = (day[site] ??= { user: 0, assistant: 0 });
  c[m.role]++;
  if (a.first === null || m.time < a.first) a.first = m.time;
  if (a.last === null || m.time > a.last) a.last = m.time;
}

/**
 * Counts every message per day, site and role. Reads in primary-key chunks (native getAll under Dexie, much
 * faster than a cursor) so memory stays bounded at any store size.
 */
export async function computeActivity(db: CoevoDB, chunk = 20_000): Promise<Activity> {
  const a = emptyActivity();
  let after: string | undefined;
  for (;;) {
    const rows: Message[] = await (after === undefined ? db.messages.orderBy(':id') : db.messages.where(':id').above(after)).limit(chunk).toArray();
    for (const m of rows) addMessage(a, m);
    if (rows.length < chunk) break;
    after = rows[rows.length - 1]!.id;
  }
  return a;
}

/**
 * Activity of the `days` days up to `now` only (the popup's figures), plus the time of the person's first message;
 * `until` (exclusive) bounds it when `now` is an earlier day than today.
 */
export async function recentActivity(db: CoevoDB, days: number, now = Date.now(), until?: number): Promise<Activity> {
  const since = new Date(now - days * 86_400_000);
  since.setHours(0, 0, 0, 0);
  const range =
    until === undefined ? db.messages.where('time').aboveOrEqual(since.getTime()) : db.messages.where('time').between(since.getTime(), until, true, false);
  const [rows, first] = await Promise.all([range.toArray(), db.messages.orderBy('time').limit(1).keys()]);
  const a = emptyActivity();
  for (const m of rows) addMessage(a, m);
  a.first = (first[0] as number | undefined) ?? a.first;
  return a;
}

/** Summary period keys (UTC month `2026-03`, ISO week `2026-W10`, day `2026-03-07`) as the day key of their start. */
function periodStartDay(period: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return period;
  if (/^\d{4}-\d{2}$/.test(period)) return `${period}-01`;
  const w = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!w) return undefined;
  // ISO week 1 contains 4 January; its Monday, plus (week − 1) weeks.
  const jan4 = new Date(Date.UTC(Number(w[1]), 0, 4));
  const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(w[2]) - 1) * 7 * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

/**
 * Activity from the analysis summary (user messages per period and site, as the engine counted them), or
 * undefined when the summary has no such series. Days are the starts of the summary's periods.
 */
export function activityFromSummary(summary: Summary | undefined): { activity: Activity; granularity: Summary['granularity'] } | undefined {
  if (!summary || !Array.isArray(summary.userMessages) || !summary.totals) return undefined;
  const a = emptyActivity();
  for (const p of summary.userMessages) {
    if (p.site === 'all' || !(SITE_IDS as readonly string[]).includes(p.site)) continue;
    const day = periodStartDay(p.period);
    if (!day) continue;
    const row = (a.days[day] ??= {});
    (row[p.site] ??= { user: 0, assistant: 0 }).user += p.value;
  }
  const days = Object.keys(a.days).sort();
  a.total = summary.totals.userMessages + summary.totals.assistantMessages;
  a.first = days.length ? new Date(`${days[0]}T12:00:00`).getTime() : null;
  a.last = days.length ? new Date(`${days[days.length - 1]}T12:00:00`).getTime() : null;
  return { activity: a, granularity: summary.granularity };
}

/** Only the tags the person's confidence setting shows, newest first. */
async function visible(db: CoevoDB, tags: Tag[]): Promise<Tag[]> {
  const { minConfidence } = await getSettings(db);
  return tags.filter((t) => shown(t, minConfidence)).sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
}

/** Every tag the confidence setting shows, newest first. */
export async function loadTags(db: CoevoDB): Promise<Tag[]> {
  return visible(db, await db.tags.toArray());
}

/** Tags at or after `since` (by the time index) that the confidence setting shows, newest first. */
export async function tagsSince(db: CoevoDB, since: number): Promise<Tag[]> {
  return visible(db, await db.tags.where('time').aboveOrEqual(since).toArray());
}

/** The stored analysis summary row, as written by the background (or by the sample loader for the demo). */
export async function loadSummaryRow(db: CoevoDB): Promise<{ value: unknown; updatedAt: number } | undefined> {
  const row = await db.analysis.get('summary');
  return row ? { value: row.value, updatedAt: row.updatedAt } : undefined;
}

/** Per-day user-message counts for the last `days` days ending today (for the popup's trend). */
export function userSeries(activity: Activity, days: number, now = Date.now()): { day: string; count: number }[] {
  const out: { day: string; count: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(now);
    const key = dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() - i, 12).getTime());
    const row = activity.days[key];
    out.push({ day: key, count: row ? Object.values(row).reduce((s, c) => s + c.user, 0) : 0 });
  }
  return out;
}
