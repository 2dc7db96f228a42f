// The engine: batch = incremental by construction, current-path handling, rebuild signals, summary shape.
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../bench/corpus';
import { makeConversation } from './testing';
import {
  allTags,
  analyze,
  analyzeConversation,
  buildHistoryState,
  createHistoryState,
  currentPath,
  loadHistoryState,
  saveHistoryState,
  sortByTime,
} from './engine';
import { restoreVocabulary, vocabularySnapshot } from './text/classes';
import { TAG_TYPES, shown } from '../model/tags';
import { ANALYSIS_VERSION } from './version';

const key = (t: { id: string }) => t.id;

describe('engine', () => {
  it('gives the same tags whether the history is analysed at once or one message at a time', () => {
    const convs = syntheticHistory({ conversations: 300, seed: 9, aiShift: { from: 0.5, probability: 0.3 } });
    const batch = analyze(convs);
    expect(batch.tags.length).toBeGreaterThan(0);
    expect(batch.tags.every((t) => t.version === ANALYSIS_VERSION)).toBe(true);
    const state = createHistoryState();
    for (const c of sortByTime(convs)) {
      // Feed each conversation as it grows, message by message, as the live capture would.
      for (let n = 1; n <= c.messages.length; n++) {
        const r = analyzeConversation({ ...c, messages: c.messages.slice(0, n) }, state);
        expect(r.rebuild).toBe(false);
      }
    }
    const inc = allTags(state);
    expect(inc.map(key).sort()).toEqual(batch.tags.map(key).sort());
  });

  it('asks for a rebuild when an earlier message changed or an older conversation arrives late', () => {
    const state = createHistoryState();
    const a = makeConversation(
      'a',
      [
        ['user', 'hello there'],
        ['assistant', 'hi'],
      ],
      { start: Date.UTC(2025, 5, 1) },
    );
    expect(analyzeConversation(a, state).rebuild).toBe(false);
    const edited = { ...a, messages: [a.messages[0], { ...a.messages[1], id: `${a.id}#other` }] };
    expect(analyzeConversation(edited, state).rebuild).toBe(true);
    const old = makeConversation('old', [['user', 'older']], { start: Date.UTC(2024, 0, 1) });
    expect(analyzeConversation(old, state).rebuild).toBe(true);
  });

  it('only analyses the current path, in index order', () => {
    const c = makeConversation('p', [
      ['user', 'one'],
      ['assistant', 'two'],
      ['user', 'three'],
    ]);
    const shuffled = { ...c, messages: [c.messages[2], { ...c.messages[1], current: false }, c.messages[0]] };
    expect(currentPath(shuffled).messages.map((m) => m.text)).toEqual(['one', 'three']);
  });

  it('summarises per period and site in chart-ready arrays', () => {
    const convs = syntheticHistory({ conversations: 300, seed: 9, aiShift: { from: 0.5, probability: 0.3 } });
    const { summary, tags } = analyze(convs, { granularity: 'month' });
    expect(summary.granularity).toBe('month');
    expect(Object.keys(summary.tagCounts).sort()).toEqual([...TAG_TYPES].sort());
    expect(summary.totals.conversations).toBe(300);
    expect(summary.totals.userMessages + summary.totals.assistantMessages).toBe(convs.reduce((s, c) => s + c.messages.length, 0));
    const total = (type: (typeof TAG_TYPES)[number]) => summary.tagCounts[type].filter((p) => p.site === 'all').reduce((s, p) => s + p.value, 0);
    // The counts are of the tags shown at the default confidence; less certain act tags are kept but not counted.
    for (const type of TAG_TYPES) expect(total(type)).toBe(tags.filter((t) => t.type === type && t.time != null && shown(t)).length);
    expect(tags.some((t) => !shown(t))).toBe(true);
    expect(summary.userMessages.every((p) => /^\d{4}-\d{2}$/.test(p.period))).toBe(true);
    expect(summary.lsm.length).toBeGreaterThan(0);
    for (const p of summary.lsm) expect(p.value).toBeGreaterThan(0);
    expect(new Set(summary.coordination.map((c) => c.influence))).toEqual(new Set(['assistant→user', 'user→assistant']));
    expect(summary.aiVocabulary.length).toBeGreaterThan(6);
    expect(summary.adoptedTerms.length).toBe(tags.filter((t) => t.type === 'term-uptake').length);
    const weekly = analyze(convs, { granularity: 'week' }).summary;
    expect(weekly.userMessages.every((p) => /^\d{4}-W\d{2}$/.test(p.period))).toBe(true);
  });

  it('saves and restores the state through a structured clone and continues identically', () => {
    const convs = sortByTime(syntheticHistory({ conversations: 200, seed: 11, aiShift: { from: 0.5, probability: 0.3 } }));
    const whole = buildHistoryState(convs);
    const half = buildHistoryState(convs.slice(0, 100));
    const restored = loadHistoryState(structuredClone(saveHistoryState(half)));
    expect(restored).not.toBeNull();
    for (const c of convs.slice(100)) expect(analyzeConversation(c, restored!).rebuild).toBe(false);
    expect(allTags(restored!).map(key).sort()).toEqual(allTags(whole).map(key).sort());
    expect(loadHistoryState({ ...saveHistoryState(half), version: -1 })).toBeNull();
  });

  it('refuses a vocabulary that disagrees with the words already interned', () => {
    const v = vocabularySnapshot();
    expect(restoreVocabulary(v)).toBe(true);
    expect(restoreVocabulary(['not-the-first-word', ...v.slice(1)])).toBe(false);
  });
});
