// The longitudinal taggers against their null models, CI-sized (the full ≥ 200-history run is `npm run eval`):
// real conversations of different people stitched into one timeline, one real person's history in shuffled order,
// and a switch from coding to writing chats — no influence is possible in any, so tags there are false alarms.
import { describe, expect, it } from 'vitest';
import { longitudinalReport, LONGITUDINAL_TAGS, type LongitudinalReport } from '../../eval/longitudinal/report';

let report: LongitudinalReport | null = null;
async function figures(): Promise<LongitudinalReport> {
  report ??= (await longitudinalReport({ histories: 16, seed: 7 })).json;
  return report;
}

describe('longitudinal tags on null histories (16 per kind)', () => {
  it.each(LONGITUDINAL_TAGS)(
    '%s fires on at most 2 of 16 null histories of each kind',
    async (tag) => {
      const r = await figures();
      for (const kind of ['stitched', 'permuted', 'task-switch'] as const) expect(r.tags[tag].nulls[kind].fired, `${tag} on ${kind}`).toBeLessThanOrEqual(2);
    },
    120_000,
  );

  it('term-uptake still finds most injected uptakes of an assistant word', async () => {
    const r = await figures();
    expect(r.tags['term-uptake'].power.n).toBeGreaterThanOrEqual(10);
    expect(r.tags['term-uptake'].power.rate).toBeGreaterThanOrEqual(0.6);
  }, 120_000);

  it('opinion-shift finds the injected flips of a stated view', async () => {
    const r = await figures();
    expect(r.tags['opinion-shift'].power.n).toBe(16);
    expect(r.tags['opinion-shift'].power.rate).toBeGreaterThanOrEqual(0.8);
  }, 120_000);

  it('ai-vocabulary-rise finds most injected rises (200-history power: npm run eval)', async () => {
    const r = await figures();
    expect(r.tags['ai-vocabulary-rise'].power.rate).toBeGreaterThanOrEqual(0.5);
  }, 120_000);

  it('term-uptake makes no claim on stitched histories of different people', async () => {
    const r = await figures();
    expect(r.tags['term-uptake'].nulls.stitched.fired).toBe(0);
  }, 120_000);
});
