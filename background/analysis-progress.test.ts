// The background analysis says what it is doing (stored progress the popup and dashboard poll): phases in order,
// how far, a time left from the pace, and a final "not running"; a big queue is one rebuild, with the same tags.
import { beforeEach, describe, expect, it } from 'vitest';
import { processQueue, ProgressReporter, rebuildAnalysis } from './analysis';
import type { AnalysisProgress } from '../messaging/protocol';
import { buildHistoryState, buildHistoryStateWithProgress, allTags } from '../analysis/engine';
import { syntheticHistory } from '../bench/corpus';
import { enqueue, queued } from '../storage/analysis';
import { CoevoDB } from '../storage/db';
import { mergeConversations } from '../storage/merge';
import { formatDuration, isRunning, percent, progressText, readProgress } from '../components/analysis-progress';

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`progress-${n++}`);
  await db.open();
});

/** A reporter that also keeps each progress it stored (a copy after every report). */
class Recording extends ProgressReporter {
  seen: AnalysisProgress[] = [];
  override async report(...a: Parameters<ProgressReporter['report']>) {
    await super.report(...a);
    this.seen.push({ ...this.value });
  }
  override async finish() {
    await super.finish();
    this.seen.push({ ...this.value });
  }
}

describe('analysis progress', () => {
  it('the engine feeds the same history with progress as without, reporting up to the total', async () => {
    const convs = syntheticHistory({ conversations: 120, seed: 3 });
    const calls: [number, number][] = [];
    const state = await buildHistoryStateWithProgress(convs, (d, t) => void calls.push([d, t]), 0);
    expect(
      allTags(state)
        .map((t) => t.id)
        .sort(),
    ).toEqual(
      allTags(buildHistoryState(convs))
        .map((t) => t.id)
        .sort(),
    );
    expect(calls[0]).toEqual([0, 120]);
    expect(calls[calls.length - 1]).toEqual([120, 120]);
    expect(calls.length).toBeGreaterThan(10);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
  });

  it('a rebuild stores reading → analysing (how far) → saving, then not running', async () => {
    const convs = syntheticHistory({ conversations: 60, seed: 5 });
    await mergeConversations(db, convs);
    const rec = new Recording(db, true, 0);
    await rebuildAnalysis(db, rec);
    const seen = rec.seen;
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(['reading', 'analysing', 'saving']);
    const analysing = seen.filter((p) => p.phase === 'analysing');
    expect(analysing[analysing.length - 1]).toMatchObject({ done: 60, total: 60 });
    const last = seen[seen.length - 1]!;
    expect(last.running).toBe(false);
    expect(isRunning(last)).toBe(false);
    expect(await readProgress(db)).toEqual(last);
    expect(isRunning(seen[1])).toBe(true);
  });

  it('estimates the time left from the pace so far', async () => {
    let now = 1_000_000;
    const r = new ProgressReporter(db, true, 0, () => now);
    await r.report('reading', 0, 1000);
    await r.report('analysing', 0, 1000);
    expect(r.value.secondsLeft).toBeNull();
    now += 10_000;
    await r.report('analysing', 250, 1000);
    expect(r.value.secondsLeft).toBe(30);
    expect(progressText(r.value)).toBe('250 of 1,000 conversations analysed · about 30 s left');
    expect(percent(r.value)).toBe(28);
    await r.report('saving', 1000, 1000);
    expect(progressText(r.value)).toBe('Saving tags and figures…');
    // A run that stopped reporting (the worker was stopped) is not shown as running.
    expect(isRunning(r.value, now + 120_000)).toBe(false);
    expect([formatDuration(5), formatDuration(150), formatDuration(3900)]).toEqual(['5 s', '3 min', '1 h 5 min']);
  });

  it('a large queue is analysed by one rebuild (not conversation by conversation) and empties the queue', async () => {
    const convs = syntheticHistory({ conversations: 260, seed: 7 });
    const r = await mergeConversations(db, convs);
    await enqueue(db, r.changed);
    // A state exists (an earlier run), so only the size of the queue decides.
    await processQueue(db);
    await enqueue(db, r.changed.slice(0, 250));
    const out = await processQueue(db);
    expect(out.rebuilt).toBe(true);
    expect(await queued(db)).toEqual([]);
    expect(await db.tags.count()).toBe(allTags(buildHistoryState(convs)).length);
  });
});
