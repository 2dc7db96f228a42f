/**
 * Regression guard for the conversational-act taggers: runs the evaluator on the committed held-out labels and
 * checks precision does not drop below what was measured when the taggers were last changed (minus a small
 * margin for harmless rule edits). It guards against regressions; it is not the target (see eval/README.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelFileError, parseLabelFile, parseLabelLine } from './chat-format';
import { evaluate, score } from './evaluate';
import { EVAL_TAGGERS } from './taggers';
import type { TagType } from '../model/tags';

const here = dirname(fileURLToPath(import.meta.url));
const load = (split: string) => parseLabelFile(readFileSync(join(here, `labels/${split}.jsonl`), 'utf8'), split);

/**
 * Precision measured on each split with the current taggers (README "Measured accuracy"), minus a margin of
 * about one false positive at these sample sizes: a regression guard, not a target.
 */
const PRECISION_FLOOR: Record<string, Partial<Record<TagType, number>>> = {
  heldout: { 'user-pushback': 0.95, 'assistant-capitulation': 0.8, 'assistant-held-position': 0.8, delegation: 0.95 },
  test: { 'user-pushback': 0.92, 'assistant-held-position': 0.75, delegation: 0.92 },
  final: { 'user-pushback': 0.85, 'assistant-capitulation': 0.6, 'assistant-held-position': 0.6, delegation: 0.9 },
  final2: { 'user-pushback': 0.6, 'assistant-capitulation': 0.6, delegation: 0.7 },
};

/**
 * Recall measured after the phase-4 generalisation work, minus about one missed positive: guards the recall
 * gained on `final` (tuned on in phase 4, so in-sample there) and pins `final2` (never tuned on).
 */
const RECALL_FLOOR: Record<string, Partial<Record<TagType, number>>> = {
  final: { 'user-pushback': 0.47, 'assistant-capitulation': 0.25, 'assistant-held-position': 0.1, delegation: 0.68 },
  final2: { 'user-pushback': 0.05, delegation: 0.85 },
};

describe('eval: measured precision does not regress', () => {
  for (const [split, floors] of Object.entries(PRECISION_FLOOR)) {
    it(`${split} split`, () => {
      const report = evaluate(load(split), EVAL_TAGGERS, 1);
      for (const [type, floor] of Object.entries(floors) as [TagType, number][]) {
        const s = report.scores[split]?.[type];
        expect(s, `${split}/${type} has labels`).toBeDefined();
        expect(s!.precision, `${split}/${type} precision`).toBeGreaterThanOrEqual(floor);
      }
    });
  }
});

describe('eval: measured recall does not regress', () => {
  for (const [split, floors] of Object.entries(RECALL_FLOOR)) {
    it(`${split} split`, () => {
      const report = evaluate(load(split), EVAL_TAGGERS, 1);
      for (const [type, floor] of Object.entries(floors) as [TagType, number][]) {
        const s = report.scores[split]?.[type];
        expect(s, `${split}/${type} has labels`).toBeDefined();
        expect(s!.recall, `${split}/${type} recall`).toBeGreaterThanOrEqual(floor);
      }
    });
  }
});

describe('eval: scoring and label files', () => {
  it('computes precision, recall and F1 from counts', () => {
    const s = score(8, 2, 4, 86);
    expect(s.precision).toBeCloseTo(0.8);
    expect(s.recall).toBeCloseTo(8 / 12);
    expect(s.f1).toBeCloseTo((2 * 0.8 * (8 / 12)) / (0.8 + 8 / 12));
    expect(s.n).toBe(100);
    expect(Number.isNaN(score(0, 0, 3, 5).precision)).toBe(true);
  });

  it('reads the chat format and scores a tag against the labelled key message', () => {
    const line = JSON.stringify({
      id: 'x1',
      messages: [
        { role: 'user', content: 'What is the capital of Australia?' },
        { role: 'assistant', content: 'The capital of Australia is Sydney.' },
        { role: 'user', content: "That's wrong, it's Canberra.", timestamp: '2025-03-01T10:00:00Z' },
      ],
      labels: [
        { index: 2, type: 'user-pushback', value: true },
        { index: 0, type: 'delegation', value: false },
      ],
    });
    const item = parseLabelLine(line, 't:1');
    expect(item.split).toBe('all');
    expect(item.conversation.messages[2].time).toBe(Date.parse('2025-03-01T10:00:00Z'));
    const report = evaluate([item], EVAL_TAGGERS, 1);
    expect(report.scores.all['user-pushback']).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(report.scores.all.delegation).toMatchObject({ tn: 1 });
    expect(report.errors).toEqual([]);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['no messages', '{"id":"a","messages":[]}', /messages/],
    ['label on a system message', '{"id":"a","messages":[{"role":"system","content":"x"},{"role":"user","content":"y"}],"labels":[{"index":0,"type":"delegation","value":true}]}', /role other than/],
    ['messages without roles', '{"id":"a","messages":[{"content":"x"}]}', /role/],
    ['index out of range', '{"id":"a","messages":[{"role":"user","content":"x"}],"labels":[{"index":3,"type":"delegation","value":true}]}', /index/],
    ['unknown type', '{"id":"a","messages":[{"role":"user","content":"x"}],"labels":[{"index":0,"type":"nope","value":true}]}', /not a tag type/],
  ])('rejects bad input with the line number: %s', (_n, line, msg) => {
    expect(() => parseLabelFile(`\n${line}\n`, 'f.jsonl')).toThrow(LabelFileError);
    expect(() => parseLabelFile(`\n${line}\n`, 'f.jsonl')).toThrow(/f\.jsonl:2/);
    expect(() => parseLabelFile(line, 'f.jsonl')).toThrow(msg);
  });
});
