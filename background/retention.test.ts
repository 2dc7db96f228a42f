// The background's retention run: deletes what the setting says, and only then drops the analysis state and
// re-runs the analysis.
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../analysis/testing';
import { CoevoDB } from '../storage/db';
import { mergeConversations } from '../storage/merge';
import { updateSettings } from '../storage/settings';
import { runRetention } from './retention';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 2);

describe('runRetention', () => {
  it('deletes conversations older than the window, then rebuilds the analysis; with nothing to delete it does nothing', async () => {
    const db = new CoevoDB(`bg-retention-${Date.now()}`);
    await mergeConversations(db, [
      makeConversation('old', [['user', 'an old question']], { start: now - 90 * DAY }),
      makeConversation('new', [['user', 'a new question']], { start: now - 2 * DAY }),
    ]);
    await db.analysis.put({ key: 'state', version: 1, updatedAt: now, value: {} });
    let analysed = 0;
    const analyse = async () => void analysed++;

    expect(await runRetention(db, analyse, now)).toEqual([]); // retention off: keep everything
    await updateSettings(db, { retentionDays: 30 });
    expect(await runRetention(db, analyse, now)).toEqual(['chatgpt:old']);
    expect(await db.conversations.toCollection().primaryKeys()).toEqual(['chatgpt:new']);
    expect(await db.analysis.get('state')).toBeUndefined();
    expect(analysed).toBe(1);

    expect(await runRetention(db, analyse, now)).toEqual([]);
    expect(analysed).toBe(1);
    await db.delete();
  });
});
