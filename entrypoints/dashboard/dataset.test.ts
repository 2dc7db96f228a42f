// The overview's data: renders at once from what is stored; the message count is the store's own (the popup's);
// a summary the analysis has not caught up with (the empty store's, or while an import is analysed) is not
// taken for the activity, which is counted from the messages instead.
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../../analysis/engine';
import { syntheticHistory } from '../../bench/corpus';
import { enqueue } from '../../storage/analysis';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';
import { counts } from '../../storage/queries';
import { loadQuick, loadRest } from './dataset';

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`dataset-${n++}`);
  await db.open();
});

describe('overview dataset', () => {
  const convs = syntheticHistory({ conversations: 40, seed: 11 });

  it('with an up-to-date summary: activity from it, counts from the store, nothing left to count', async () => {
    await mergeConversations(db, convs);
    const { summary, version } = analyze(convs);
    await db.analysis.put({ key: 'summary', version, updatedAt: Date.now(), value: summary });
    const d = await loadQuick(db);
    expect(d.partial).toBeFalsy();
    expect(d.activityPeriod).toBe('month');
    expect(d.messages).toBe((await counts(db)).messages);
    expect(d.conversations).toBe(40);
  });

  it('with the empty summary of a first start, or conversations queued: counted from the messages', async () => {
    await mergeConversations(db, convs);
    const empty = analyze([]);
    await db.analysis.put({ key: 'summary', version: empty.version, updatedAt: Date.now(), value: empty.summary });
    const d = await loadQuick(db);
    expect(d.partial).toBe(true);
    expect(d.messages).toBe((await counts(db)).messages);
    const full = await loadRest(db, d);
    expect(full.partial).toBe(false);
    expect(Object.keys(full.activity.days).length).toBeGreaterThan(0);
    expect(full.activity.total).toBe(d.messages);
    // Counted once, then cached: the next visit renders at once, with the activity.
    const again = await loadQuick(db);
    expect(again.partial).toBeFalsy();
    expect(Object.keys(again.activity.days).length).toBe(Object.keys(full.activity.days).length);

    const { summary, version } = analyze(convs);
    await db.analysis.put({ key: 'summary', version, updatedAt: Date.now(), value: summary });
    await enqueue(db, [convs[0]!.id]);
    const queuedView = await loadQuick(db);
    expect(queuedView.activityPeriod).toBeUndefined();
  });
});
