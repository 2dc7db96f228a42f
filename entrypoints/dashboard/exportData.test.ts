// "Export all data" carries the person's verdicts; the tags CSV shows confidences rounded and each tag's verdict.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tag } from '../../model/tags';
import { CoevoDB } from '../../storage/db';
import { setVerdict } from '../../storage/verdicts';
import { exportJson, exportTagsCsv } from './exportData';

const tag: Tag = {
  id: 'user-pushback:chatgpt:c1:1',
  type: 'user-pushback',
  conversationId: 'chatgpt:c1',
  messages: [{ index: 1, id: 'chatgpt:c1#m1' }],
  direction: 'user→assistant',
  confidence: 0.6499999999999999,
  explanation: 'You pushed back.',
  time: Date.UTC(2026, 0, 2),
  site: 'chatgpt',
  version: 4,
};

let db: CoevoDB;
afterEach(async () => {
  db?.close();
  await Dexie.delete('export-test');
});

describe('export all data', () => {
  it('includes verdicts in the JSON and rounds confidences in the tags CSV', async () => {
    db = new CoevoDB('export-test');
    await db.tags.put(tag);
    await setVerdict(db, tag, 'no', 1_700_000_000_000);
    const json = JSON.parse(await exportJson(db));
    expect(json.verdicts).toEqual([{ tagId: tag.id, verdict: 'no', tagType: 'user-pushback', conversationId: 'chatgpt:c1', at: 1_700_000_000_000 }]);
    const csv = await exportTagsCsv(db);
    const [head, row] = csv.trim().split(/\r?\n/);
    expect(head).toContain('confidence,your_verdict');
    expect(row).toContain(',0.65,no,');
    expect(csv).not.toContain('0.6499999999999999');
  });
});
