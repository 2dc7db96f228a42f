import { describe, expect, it } from 'vitest';
import { PUSHBACK_MODEL, probability, pushbackFeatures } from './pushback-model';
import { detectCuePushback, detectPushback } from '../taggers/pushback';

describe('pushback learned back-off', () => {
  it('extracts the same, documented features for training and use', () => {
    const f = pushbackFeatures("I'm sorry, but I can't help with that.", "You won't tell me?", true);
    expect(f).toEqual(expect.arrayContaining(['BIAS', 'u:you', "s:won't", "b:won't_tell", 'A_ASKED', 'A_REFUSAL', 'U_Q']));
    expect(new Set(f).size).toBe(f.length);
  });

  it('ships a trained model with a cross-validated threshold', () => {
    expect(PUSHBACK_MODEL.threshold).toBeGreaterThanOrEqual(0.5);
    expect(PUSHBACK_MODEL.threshold).toBeLessThan(1);
    expect(Object.keys(PUSHBACK_MODEL.weights).length).toBeGreaterThan(100);
    expect(PUSHBACK_MODEL.trainedOn).not.toMatch(/final/);
    const p = probability(PUSHBACK_MODEL, ['BIAS']);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.5);
  });

  it('catches a pushback no cue covers, with lower confidence and the first sentence as evidence', () => {
    const a = 'The Eiffel Tower is in Berlin, Germany.';
    const u = 'You are confused, it is in Paris not Berlin';
    expect(detectCuePushback(a, u)).toBeNull();
    const d = detectPushback(a, u)!;
    expect(d.hits[0].id).toBe('model');
    expect(d.confidence).toBeLessThan(0.86);
    expect(u.slice(d.hits[0].start, d.hits[0].end)).toBe(u);
  });

  it('stays out of third-party disagreement and plain follow-ups', () => {
    const a = 'Vaccines are tested for safety before approval.';
    expect(detectPushback(a, "My uncle says that's wrong and they are not tested.")).toBeNull();
    expect(detectPushback(a, 'Thanks! How long does testing usually take?')).toBeNull();
  });
});
