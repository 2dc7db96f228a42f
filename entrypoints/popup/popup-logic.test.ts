// The popup's logic apart from its markup: what it says about the open tab, which tag is the "latest notable
// moment" (the same rule as the dashboard's overview), and — after old history was imported — figures for the most
// recent period with data instead of "0, about your usual 0.0".
import { beforeEach, describe, expect, it } from 'vitest';
import type { Tag } from '../../model/tags';
import type { Message } from '../../model/types';
import { CoevoDB } from '../../storage/db';
import { DEFAULT_SETTINGS } from '../../storage/settings';
import { DAY } from '../../components/format';
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import { pickNotable } from '../../components/notable';
import { setVerdict } from '../../storage/verdicts';
import { tabStatus } from './tab-status';
import { figuresDay, loadFigures } from './figures';

const state = (o: { on?: boolean; granted?: boolean; paused?: boolean; capturing?: boolean }) => ({
  settings: { ...DEFAULT_SETTINGS, paused: o.paused ?? false, sites: { ...DEFAULT_SETTINGS.sites, chatgpt: o.on ?? true } },
  granted: (o.granted ?? true) ? ['chatgpt' as const] : [],
  tab: o.capturing === undefined ? undefined : { site: 'chatgpt' as const, capturing: o.capturing },
});

describe('tab status', () => {
  it.each([
    ['no supported site', {}, undefined, 'unsupported', false],
    ['paused (wins over everything)', { paused: true, on: false }, 'chatgpt', 'paused', false],
    ['switch off', { on: false }, 'chatgpt', 'site-off', false],
    ['switch on, no permission', { granted: false }, 'chatgpt', 'no-permission', false],
    ['capturing this conversation', { capturing: true }, 'chatgpt', 'capturing', true],
    ['on, no conversation read yet', { capturing: false }, 'chatgpt', 'ready', true],
  ] as const)('%s', (_n, o, site, reason, on) => {
    const s = tabStatus(state(o), site);
    expect(s.reason).toBe(reason);
    expect(s.on).toBe(on);
    expect(s.text.length).toBeGreaterThan(10);
    if (site) expect(s.text).toContain('ChatGPT');
  });
});

const T = Date.UTC(2025, 2, 12, 12);
const tag = (id: string, o: Partial<Tag> = {}): Tag =>
  ({
    id,
    type: 'user-pushback',
    conversationId: 'chatgpt:c',
    messages: [],
    direction: 'user→assistant',
    confidence: 0.8,
    explanation: '',
    version: 1,
    time: T,
    ...o,
  }) as Tag;

describe('notable moments (overview and popup)', () => {
  const hidden = [...HIDDEN_BY_DEFAULT][0]!;
  it('takes the most confident, newer on ties, and never a disputed tag or a kind hidden by default', () => {
    const tags = [
      tag('a', { confidence: 0.7 }),
      tag('b', { confidence: 0.9, time: T - DAY }),
      tag('c', { confidence: 0.9 }),
      tag('d', { confidence: 0.99 }),
      tag('e', { confidence: 1, type: hidden }),
    ];
    expect(pickNotable(tags, 3, { disputed: new Set(['d']) }).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });
  it('prefers moments since a time, and falls back to older ones when there are none', () => {
    const tags = [tag('old', { confidence: 0.95, time: T - 30 * DAY }), tag('new', { confidence: 0.6 })];
    expect(pickNotable(tags, 1, { since: T - 14 * DAY })[0]!.id).toBe('new');
    expect(pickNotable(tags, 1, { since: T + DAY })[0]!.id).toBe('old');
  });
});

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`popup-${n++}`);
  await db.open();
});

function messagesOn(day: number, count: number): Message[] {
  return Array.from({ length: count * 2 }, (_, i) => ({
    id: `chatgpt:c${day}#${i}`,
    conversationId: `chatgpt:c${day}`,
    index: i,
    role: i % 2 ? 'assistant' : 'user',
    text: 'x',
    time: day + i * 60_000,
    timeSource: 'export',
    current: true,
    parentId: null,
  })) as unknown as Message[];
}

describe('popup figures', () => {
  const NOW = new Date(2026, 11, 2, 15).getTime();
  it('are for today when there are messages in the last seven days', () => {
    expect(figuresDay(NOW - 2 * DAY, NOW)).toBeUndefined();
    expect(figuresDay(undefined, NOW)).toBeUndefined();
    expect(figuresDay(NOW - 40 * DAY, NOW)).toBe(NOW - 40 * DAY);
  });

  it('after importing old history: the latest period with data, against the usual before it, and its latest notable moment', async () => {
    // Old history: 3 messages a day for ten weeks ending 12 March 2025, then 9 on that last day.
    const last = new Date(2025, 2, 12, 10).getTime();
    const rows: Message[] = [];
    for (let d = 69; d >= 1; d--) rows.push(...messagesOn(last - d * DAY, 3));
    rows.push(...messagesOn(last, 9));
    await db.messages.bulkPut(rows);
    await db.tags.bulkPut([
      tag('older', { time: last - 40 * DAY, confidence: 0.99 }),
      tag('recent', { time: last - 3 * DAY, confidence: 0.8 }),
      tag('wrong', { time: last - DAY, confidence: 0.95 }),
    ]);
    await setVerdict(db, tag('wrong'), 'no');

    const f = await loadFigures(db, NOW);
    expect(f.anchor).toBe(last + 17 * 60_000);
    expect(f.heads.messagesToday).toEqual({ value: 9, baseline: 3 });
    expect(f.heads.messagesWeek.value).toBe(9 + 6 * 3);
    expect(f.heads.messagesWeek.baseline).toBeCloseTo(21);
    expect(f.trend).toHaveLength(14);
    expect(f.trend.slice(-3)).toEqual([3, 3, 9]);
    expect(f.latest?.id).toBe('recent');
  });

  it('a person with recent messages sees today', async () => {
    await db.messages.bulkPut(messagesOn(NOW - 2 * 3_600_000, 4));
    const f = await loadFigures(db, NOW);
    expect(f.anchor).toBeUndefined();
    expect(f.heads.messagesToday.value).toBe(4);
    expect(f.trend[13]).toBe(4);
  });
});
