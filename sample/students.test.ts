// Per-student samples (a class session gives each student their own copy): other seeds make other plausible
// students — their figures differ, and every act tag shown is still one a careful reader gives that scene.
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/engine';
import { ACT_TAG_TYPES, DEFAULT_MIN_CONFIDENCE, shown } from '../analysis/acts/tags';
import { conversationWithMessagesProblems } from '../model/validate';
import { DEFAULT_SEED, DEFAULT_TRAITS, generateSample, studentTraits } from './generate';
import { SCENES } from './scenes';

const END = new Date(2026, 4, 27, 12).getTime();
const DAY = 86_400_000;
const SEEDS = [1, 2, 3, 4, 5];
const byTitle = new Map(SCENES.map((sc) => [sc.title, sc]));

describe('a sample student per seed', () => {
  it('the default seed is Sam, the sample everyone else sees', () => {
    expect(studentTraits(DEFAULT_SEED)).toBe(DEFAULT_TRAITS);
    expect(JSON.stringify(generateSample(END, DEFAULT_SEED))).toBe(JSON.stringify(generateSample(END)));
    expect(JSON.stringify(generateSample(END, 3))).toBe(JSON.stringify(generateSample(END, 3)));
  });

  const students = SEEDS.map((seed) => {
    const sample = generateSample(END, seed);
    const { tags, summary } = analyze(sample);
    const acts = tags.filter((t) => ACT_TAG_TYPES.includes(t.type) && shown(t, DEFAULT_MIN_CONFIDENCE));
    const count = (type: string) => acts.filter((t) => t.type === type).length;
    const ai = summary.aiVocabulary.map((a) => a.value);
    return {
      seed,
      sample,
      acts,
      userMessages: summary.totals.userMessages,
      pushbackRate: count('user-pushback') / summary.totals.userMessages,
      gaveWay: count('assistant-capitulation'),
      aiLate: ai[ai.length - 1] ?? 0,
      aiAll: ai,
    };
  });

  it('each is a plausible student: valid, six months, made-up, more than one assistant', () => {
    for (const s of students) {
      for (const c of s.sample) expect(conversationWithMessagesProblems(c)).toEqual([]);
      expect(s.sample.every((c) => c.source === 'sample')).toBe(true);
      const times = s.sample.flatMap((c) => c.messages.map((m) => m.time!));
      expect(Math.min(...times)).toBeGreaterThan(END - 190 * DAY);
      expect(Math.max(...times)).toBeLessThanOrEqual(END + DAY);
      expect(new Set(s.sample.map((c) => c.site)).size).toBeGreaterThanOrEqual(2);
      // Between a light and a heavy user: 6–30 chats a week, a few percent of messages pushing back at most.
      expect(s.userMessages).toBeGreaterThan(150);
      expect(s.userMessages).toBeLessThan(900);
      expect(s.pushbackRate).toBeLessThan(0.05);
      // Nobody's AI-word rate starts before the assistants had a few months to rub off on them.
      expect(s.aiAll[0]).toBe(0);
    }
  });

  it('every act tag shown is one a careful reader gives that scene (as for Sam)', () => {
    for (const s of students) {
      for (const t of s.acts) {
        const title = s.sample.find((c) => c.id === t.conversationId)!.title!;
        expect(
          byTitle.get(title)?.expect.some((e) => e.startsWith(t.type)),
          `seed ${s.seed}: ${t.type} on "${title}"`,
        ).toBe(true);
      }
    }
  });

  it('different students give different figures, not one bar five times', () => {
    const distinct = (xs: number[]) => new Set(xs.map((x) => x.toFixed(6))).size;
    expect(distinct(students.map((s) => s.userMessages))).toBe(SEEDS.length);
    expect(distinct(students.map((s) => s.pushbackRate))).toBeGreaterThanOrEqual(4);
    expect(distinct(students.map((s) => s.aiLate))).toBeGreaterThanOrEqual(4);
    expect(distinct(students.map((s) => s.gaveWay))).toBeGreaterThanOrEqual(2);
    // Some push back and see the assistant give way; the rates spread out rather than cluster.
    const rates = students.map((s) => s.pushbackRate);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.005);
  });
});
