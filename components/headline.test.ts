import { describe, expect, it } from 'vitest';
import type { Tag } from '../model/tags';
import type { Activity } from './data';
import { dayKey, DAY } from './format';
import { comparison, headlines } from './headline';

const NOW = new Date(2026, 5, 15, 18).getTime();

function activity(perDay: (daysAgo: number) => number, days: number): Activity {
  const out: Activity = { days: {}, undated: 0, total: 0, first: null, last: null };
  for (let i = days - 1; i >= 0; i--) {
    const t = NOW - i * DAY;
    const n = perDay(i);
    out.days[dayKey(t)] = { chatgpt: { user: n, assistant: n } };
    out.total += 2 * n;
    out.first ??= t;
    out.last = t;
  }
  return out;
}

describe('headlines', () => {
  it('compares today and the last 7 days with the person’s own daily average over earlier weeks', () => {
    const a = activity((ago) => (ago === 0 ? 12 : ago < 7 ? 4 : 2), 70);
    const h = headlines(a, [], NOW);
    expect(h.messagesToday.value).toBe(12);
    expect(h.messagesToday.baseline).toBeCloseTo(2);
    expect(h.messagesWeek.value).toBe(12 + 6 * 4);
    expect(h.messagesWeek.baseline).toBeCloseTo(14);
    expect(comparison(h.messagesToday)).toBe('higher');
  });
  it('says there is no baseline yet for a new user', () => {
    const h = headlines(
      activity(() => 3, 3),
      [],
      NOW,
    );
    expect(h.messagesToday.baseline).toBeNull();
    expect(comparison(h.messagesToday)).toBe('new');
  });
  it('counts tags of the last 7 days against earlier weeks', () => {
    const tag = (daysAgo: number) => ({ id: String(daysAgo), time: NOW - daysAgo * DAY }) as Tag;
    const tags = [tag(1), tag(2), tag(3), tag(20), tag(40)];
    const h = headlines(
      activity(() => 1, 70),
      tags,
      NOW,
    );
    expect(h.tagsWeek.value).toBe(3);
    expect(h.tagsWeek.baseline).toBeCloseTo((2 / 56) * 7);
  });
});
