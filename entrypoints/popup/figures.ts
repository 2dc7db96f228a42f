/**
 * The popup's figures: today and the last seven days against the person's usual, a 14-day trend and the latest
 * notable moment. When nothing was sent in the last seven days (old history imported, a long break), they are shown
 * for the most recent period that has data instead, and say which (`anchor`): never "0, about your usual 0.0" over a
 * flat line. Reads ten weeks of messages around that period and its tags, never the whole store.
 */
import type { Tag } from '../../model/tags';
import type { CoevoDB } from '../../storage/db';
import { recentActivity, tagsSince, userSeries } from '../../components/data';
import { DAY } from '../../components/format';
import { headlines, type Headlines } from '../../components/headline';
import { pickNotable } from '../../components/notable';

/** Baseline (eight weeks) plus the week shown, with a little room. */
const WINDOW_DAYS = 70;

export interface PopupFigures {
  heads: Headlines;
  /** User messages per day, the 14 days ending on the shown day. */
  trend: number[];
  latest?: Tag;
  /** Set when the figures are for an earlier period: the time of the person's latest message (the shown "day"). */
  anchor?: number;
}

function startOfDay(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** The day the figures are for: today, unless the last seven days are empty and there is older history. */
export function figuresDay(latestMessage: number | undefined, now: number): number | undefined {
  if (latestMessage === undefined) return undefined;
  return latestMessage < startOfDay(now) - 6 * DAY ? latestMessage : undefined;
}

export async function loadFigures(db: CoevoDB, now = Date.now()): Promise<PopupFigures> {
  const [latestKey, disputedIds] = await Promise.all([
    db.messages.orderBy('time').reverse().limit(1).keys(),
    db.verdicts.where('verdict').equals('no').primaryKeys(),
  ]);
  const anchor = figuresDay(latestKey[0] as number | undefined, now);
  const at = anchor ?? now;
  const [activity, tags] = await Promise.all([
    recentActivity(db, WINDOW_DAYS, at, anchor !== undefined ? startOfDay(at) + DAY : undefined),
    tagsSince(db, at - WINDOW_DAYS * DAY),
  ]);
  // A tag the person said is wrong is never their "latest notable moment".
  const disputed = new Set(disputedIds);
  const inWindow = tags.filter((x) => !disputed.has(x.id) && (x.time ?? 0) < startOfDay(at) + DAY);
  return {
    heads: headlines(activity, inWindow, at),
    trend: userSeries(activity, 14, at).map((d) => d.count),
    latest: pickNotable(inWindow, 1, { disputed, since: at - 14 * DAY })[0],
    anchor,
  };
}
