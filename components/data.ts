/**
 * What the popup and the dashboard read from the store, shaped for display. Extension pages read Dexie
 * directly (same origin as the background): no message-size limits and no round trip for large views.
 *
 * Activity per day is an aggregate over every message; at 100,000 messages it is cached in the `analysis`
 * table under `ui:activity` with a cheap fingerprint (message count and time range), so a warm dashboard
 * reads one row instead of scanning the messages.
 */
import { SITE_IDS, type SiteId } from '../model/types';
import type { Tag } from '../model/tags';
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
export function siteOfId(id: string): SiteId | undefined {
  const site = id.slice(0, id.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(site) ? (site as SiteId) : undefined;
}

async function fingerprint(db: CoevoDB): Promise<string> {
  const byTime = db.messages.orderBy('time');
  const [count, first, last] = await Promise.all([db.messages.count(), byTime.clone().limit(1).keys(), byTime.clone().reverse().limit(1).keys()]);
  return `${count}|${first[0] ?? ''}|${last[0] ?? ''}`;
}

/** Counts messages per day, site and role by scanning indexes only (no message text is read). */
export async function computeActivity(db: CoevoDB): Promise<Activity> {
  const byTime = db.messages.orderBy('time');
  const [times, ids, userIds, total] = await Promise.all([
    byTime.clone().keys(),
    byTime.clone().primaryKeys(),
    db.messages.where('role').equals('user').primaryKeys(),
    db.messages.count(),
  ]);
  const users = new Set(userIds as string[]);
  const days: Activity['days'] = {};
  for (let i = 0; i < ids.length; i++) {
    const time = times[i] as number;
    const id = ids[i] as string;
    const site = siteOfId(id);
    if (!site) continue;
    const day = (days[dayKey(time)] ??= {});
    const c = (day[site] ??= { user: 0, assistant: 0 });
    if (users.has(id)) c.user++;
    else c.assistant++;
  }
  return {
    days,
    undated: total - ids.length,
    total,
    first: times.length ? (times[0] as number) : null,
    last: times.length ? (times[times.length - 1] as number) : null,
  };
}

/** Activity, from the cache when it still matches the store, else computed and cached. */
export async function getActivity(db: CoevoDB): Promise<Activity> {
  const [fp, cached] = await Promise.all([fingerprint(db), db.analysis.get(ACTIVITY_KEY)]);
  const value = cached?.value as { fingerprint?: string; activity?: Activity } | undefined;
  if (value?.fingerprint === fp && value.activity) return value.activity;
  const activity = await computeActivity(db);
  // A cache write that fails (quota, a read-only moment during delete-all) must not break the view.
  await db.analysis.put({ key: ACTIVITY_KEY, version: 1, updatedAt: Date.now(), value: { fingerprint: fp, activity } }).catch(() => undefined);
  return activity;
}

/** Every tag, newest first. */
export async function loadTags(db: CoevoDB): Promise<Tag[]> {
  const tags = await db.tags.toArray();
  return tags.sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
}

/** Tags at or after `since` (by the time index), newest first. */
export async function tagsSince(db: CoevoDB, since: number): Promise<Tag[]> {
  const tags = await db.tags.where('time').aboveOrEqual(since).toArray();
  return tags.sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
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
