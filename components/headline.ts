/**
 * The popup's headline figures: today and this week against the person's own baseline (their typical day
 * and week over the previous eight weeks), so a number always comes with "compared with what".
 */
import type { Tag } from '../model/tags';
import type { Activity } from './data';
import { DAY, dayKey } from './format';

export interface Figure {
  value: number;
  /** The person's own typical value for the same span; null when there is not enough history yet. */
  baseline: number | null;
}

export interface Headlines {
  messagesToday: Figure;
  messagesWeek: Figure;
  tagsWeek: Figure;
}

const BASELINE_WEEKS = 8;

function startOfDay(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

function userOn(activity: Activity, day: string): number {
  const row = activity.days[day];
  return row ? Object.values(row).reduce((s, c) => s + c.user, 0) : 0;
}

/** Sum of user messages on the `n` days ending the day before `end` (exclusive). */
function userDays(activity: Activity, end: number, n: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += userOn(activity, dayKey(end - i * DAY + DAY / 2));
  return s;
}

export function headlines(activity: Activity, tags: readonly Tag[], now = Date.now()): Headlines {
  const today = startOfDay(now);
  const weekStart = today - 6 * DAY; // the last seven days including today
  const baseStart = weekStart - BASELINE_WEEKS * 7 * DAY;
  // Only count baseline time the person was already using Coevo: a new user has no "typical week" yet.
  const history = activity.first !== null ? Math.max(0, Math.floor((weekStart - startOfDay(activity.first)) / DAY)) : 0;
  const baseDays = Math.min(history, BASELINE_WEEKS * 7);
  const enough = baseDays >= 7;

  const todayCount = userOn(activity, dayKey(now));
  let weekCount = 0;
  for (let i = 0; i < 7; i++) weekCount += userOn(activity, dayKey(today - i * DAY + DAY / 2));
  const baseCount = userDays(activity, weekStart, baseDays);

  const tagsWeek = tags.filter((t) => t.time !== undefined && t.time >= weekStart).length;
  const tagsBase = tags.filter((t) => t.time !== undefined && t.time >= Math.max(baseStart, weekStart - baseDays * DAY) && t.time < weekStart).length;

  return {
    messagesToday: { value: todayCount, baseline: enough ? baseCount / baseDays : null },
    messagesWeek: { value: weekCount, baseline: enough ? (baseCount / baseDays) * 7 : null },
    tagsWeek: { value: tagsWeek, baseline: enough ? (tagsBase / baseDays) * 7 : null },
  };
}

/** "higher" / "lower" / "usual" against the baseline, with a tolerance so small noise reads as usual. */
export function comparison(f: Figure): 'higher' | 'lower' | 'usual' | 'new' {
  if (f.baseline === null) return 'new';
  const tol = Math.max(1, f.baseline * 0.2);
  if (f.value > f.baseline + tol) return 'higher';
  if (f.value < f.baseline - tol) return 'lower';
  return 'usual';
}
