// The classroom sample: deterministic, about six months with three assistants, and — run through the real
// analysis engine — every tag type that a registered tagger can emit actually occurs in it.
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/engine';
import { TAGGERS } from '../analysis/registry';
import { TAG_TYPES, type TagType } from '../model/tags';
import { conversationWithMessagesProblems } from '../model/validate';
import { generateSample, terse } from './generate';
import { SCENES } from './scenes';
import { ACT_TAG_TYPES, DEFAULT_MIN_CONFIDENCE, shown } from '../analysis/acts/tags';
import { HIDDEN_BY_DEFAULT } from '../components/tagMeta';

const END = new Date(2026, 4, 27, 12).getTime();
const DAY = 86_400_000;

describe('sample data', () => {
  const sample = generateSample(END);

  it('is the same every time for the same end date', () => {
    expect(JSON.stringify(generateSample(END))).toBe(JSON.stringify(sample));
  });

  it('covers about six months with three assistants, all marked as sample, nothing after the end', () => {
    const times = sample.flatMap((c) => c.messages.map((m) => m.time!));
    expect(Math.min(...times)).toBeGreaterThan(END - 190 * DAY);
    expect(Math.min(...times)).toBeLessThan(END - 170 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(END + DAY);
    expect(new Set(sample.map((c) => c.site))).toEqual(new Set(['chatgpt', 'claude', 'gemini']));
    expect(sample.every((c) => c.source === 'sample' && c.siteConversationId.startsWith('sample-'))).toBe(true);
    expect(sample.length).toBeGreaterThan(150);
  });

  it('passes the model validator', () => {
    for (const c of sample) expect(conversationWithMessagesProblems(c)).toEqual([]);
  });

  it('keeps every scripted scene', () => {
    const titles = new Set(sample.map((c) => c.title));
    for (const s of SCENES) expect(titles.has(s.title)).toBe(true);
  });

  it('writes early messages tersely (the style the person later leaves behind)', () => {
    expect(terse('I want to run a 10k in the autumn. At the moment I run twice a week.')).toBe('want to run 10k in autumn. At moment run twice week');
  });

  it('produces every tag type the registered taggers can emit, under the real analysis', () => {
    const { tags, summary } = analyze(sample);
    const found = new Set(tags.map((t) => t.type));
    const emittable = new Set<TagType>(Object.values(TAGGERS).flatMap((t) => [...t.types]));
    // The conversational acts are checked below, at the confidence the person sees by default; tags hidden by
    // default (they failed their null models) are not claims the demo should make.
    const missing = [...emittable].filter((t) => !found.has(t) && !ACT_TAG_TYPES.includes(t) && !HIDDEN_BY_DEFAULT.has(t));
    const notEmittable = TAG_TYPES.filter((t) => !emittable.has(t));
    // Reported, so a run shows which types no registered tagger can produce yet (not a failure of the sample).
    if (notEmittable.length) console.info(`sample: no registered tagger emits ${notEmittable.join(', ')}`);
    expect(missing).toEqual([]);
    expect(summary.aiVocabulary.some((m) => m.rising)).toBe(true);
    // No style change point is required: style-convergence is hidden by default (it misses most injected
    // changes, eval/longitudinal), so the demo makes no claim about it.
    // Every act tag shown by default is one a careful reader gives that scene (no wrong claims in the demo).
    const byTitle = new Map(SCENES.map((sc) => [sc.title, sc]));
    const shownActs = tags.filter((t) => ACT_TAG_TYPES.includes(t.type) && shown(t, DEFAULT_MIN_CONFIDENCE));
    for (const t of shownActs) {
      const title = sample.find((c) => c.id === t.conversationId)!.title;
      expect(
        byTitle.get(title!)?.expect.some((e) => e.startsWith(t.type)),
        `${t.type} on "${title}"`,
      ).toBe(true);
    }
    const shownTypes = new Set(shownActs.map((t) => t.type));
    expect(shownTypes.has('user-pushback') && shownTypes.has('assistant-capitulation')).toBe(true);
    // Reported, not failed: acts the model does not show by default in the sample (measured limits, eval/README.md).
    const hidden = ACT_TAG_TYPES.filter((t) => !shownTypes.has(t));
    if (hidden.length) console.info(`sample: at the default confidence the model shows no ${hidden.join(', ')}`);
    const byId = new Map(sample.map((c) => [c.id, c]));
    // Every tag's evidence points at real messages (cross-time tags cite other conversations by id).
    for (const t of tags) {
      for (const ref of t.messages) expect(byId.get(ref.conversationId ?? t.conversationId)!.messages[ref.index]?.id).toBe(ref.id);
    }
  });
});
