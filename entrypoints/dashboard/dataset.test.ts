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
import { updateSettings } from '../../storage/settings';
import { ACT_TAG_TYPES, shown } from '../../model/tags';
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

  it('with no summary at all: the first step reads no tag, the second brings every one the charts need', async () => {
    await mergeConversations(db, convs);
    const { tags } = analyze(convs);
    await db.tags.bulkPut(tags);
    const d = await loadQuick(db);
    expect(d.tags).toBeNull();
    expect(d.tagsPending).toBe(true);
    // The count of shown tags comes from the [type+confidence] index: the same number as filtering every tag.
    for (const minConfidence of [0.5, 0.7, 0.85]) {
      await updateSettings(db, { minConfidence });
      const expected = tags.filter((t) => shown(t, minConfidence)).length;
      expect((await loadQuick(db)).tagCount, `at ${minConfidence}`).toBe(expected);
    }
    expect(tags.some((t) => ACT_TAG_TYPES.includes(t.type))).toBe(true);
    const full = await loadRest(db, d);
    expect(full.tagsPending).toBe(false);
    expect(full.tags!.length).toBeGreaterThan(0);
    expect(full.partial).toBe(false);
  });
});
