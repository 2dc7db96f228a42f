// The null-history builders: deterministic, from real conversations, and shaped as each null kind promises.
import { describe, expect, it } from 'vitest';
import { taskOf } from '../../analysis/style/task';
import {
  injectAiVocabulary,
  injectOpinionShift,
  injectStyle,
  injectTermUptake,
  insertWord,
  loadPerson,
  permutedHistory,
  stitchedHistory,
  taskSwitchHistory,
} from './histories';
import { isAiWordText, isUptakeCandidateWord } from '../../analysis/text/ai-words';
import { rng } from '../../analysis/testing';

const texts = (h: ReturnType<typeof stitchedHistory>) => h.map((c) => c.messages.map((m) => m.text).join('\n'));

describe('null histories', () => {
  it('stitched: the same seed gives the same history; 80 different real conversations in time order over six months', () => {
    const a = stitchedHistory(3);
    expect(texts(stitchedHistory(3))).toEqual(texts(a));
    expect(texts(stitchedHistory(4))).not.toEqual(texts(a));
    expect(a).toHaveLength(80);
    expect(new Set(a.map((c) => c.id.split('-').slice(2).join('-'))).size).toBe(80);
    const times = a.map((c) => c.createdAt!);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(times[79] - times[0]).toBeGreaterThan(120 * 86_400_000);
  });

  it('task switch: coding conversations, then writing ones', () => {
    const h = taskSwitchHistory(2);
    const tasks = h.map((c) => taskOf(c.messages));
    expect(tasks.slice(0, 40).every((t) => t === 'code')).toBe(true);
    expect(tasks.slice(40).every((t) => t === 'writing')).toBe(true);
  });

  it('permuted: the same person’s conversations, each exactly once, in another order on the same dates', async () => {
    const person = await loadPerson();
    expect(person.length).toBe(192);
    const p = permutedHistory(person, 1);
    expect(p.map((c) => c.messages.map((m) => m.text).join()).sort()).toEqual(person.map((c) => c.messages.map((m) => m.text).join()).sort());
    expect(p.map((c) => c.createdAt)).toEqual([...person].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0)).map((c) => c.createdAt));
    expect(p.map((c) => c.messages[0].text)).not.toEqual([...person].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0)).map((c) => c.messages[0].text));
  });
});

describe('injected changes', () => {
  it('inserts a word between two words of a sentence, never gluing it to its neighbours', () => {
    const out = insertWord('please check this for me', 'crucial', rng(5));
    expect(out.split(' ')).toContain('crucial');
    expect(out.replace(' crucial', '')).toBe('please check this for me');
  });

  it('term uptake: an assistant word new to the person appears in ≥ 3 later conversations, never in the first half', () => {
    const r = injectTermUptake(stitchedHistory(9), isUptakeCandidateWord, 9)!;
    const uses = r.history
      .map((c, i) => (c.messages.some((m) => m.role === 'user' && new RegExp(`\\b${r.word}\\b`).test(m.text)) ? i : -1))
      .filter((i) => i >= 0);
    expect(uses.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...uses)).toBeGreaterThanOrEqual(40);
  });

  it('AI vocabulary: only the second half changes, by AI words', () => {
    const base = stitchedHistory(11);
    const h = injectAiVocabulary(base, isAiWordText, 11);
    expect(texts(h).slice(0, 40)).toEqual(texts(base).slice(0, 40));
    const added = texts(h).slice(40).join(' ').split(/\s+/).length - texts(base).slice(40).join(' ').split(/\s+/).length;
    expect(added).toBeGreaterThan(10);
  });

  it('style: only the second half changes, keeping the person’s words and adding no mark the assistants do not use', () => {
    const base = stitchedHistory(12);
    const h = injectStyle(base, 12);
    expect(texts(h).slice(0, 40)).toEqual(texts(base).slice(0, 40));
    const later = texts(h).slice(40);
    expect(later).not.toEqual(texts(base).slice(40));
    const bag = (xs: string[]) =>
      xs
        .join(' ')
        .toLowerCase()
        .match(/[a-z]+/g)!
        .filter((w) => w !== 'and')
        .sort()
        .join(' ');
    // Joining sentences adds "and", nothing else; no em dash or hedge appears from nowhere.
    expect(bag(later)).toBe(bag(texts(base).slice(40)));
    expect(later.join(' ').split('—').length).toBe(texts(base).slice(40).join(' ').split('—').length);
  });

  it('opinion: three statements weeks apart, the flip after the assistant states the other side', () => {
    const base = stitchedHistory(13);
    const h = injectOpinionShift(base, 13);
    const added = h.flatMap((c, i) => c.messages.slice(base[i].messages.length).map((m) => [i, m.role, m.text] as const));
    expect(added.map(([i]) => i)).toEqual([16, 16, 40, 40, 64, 64]);
    expect(added[3][1]).toBe('assistant');
  });
});
