// Verdicts: stored by tag id in their own table, so they survive re-analysis (tags deleted and rewritten with the
// same stable ids); filters and counts per type; cleared by "delete all data".
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tag } from '../model/tags';
import { clearData, CoevoDB } from './db';
import { countVerdicts, loadVerdicts, passesVerdict, setVerdict } from './verdicts';

const tag = (id: string, type: Tag['type'] = 'user-pushback'): Tag => ({
  id,
  type,
  conversationId: 'chatgpt:c1',
  messages: [{ index: 0, id: 'chatgpt:c1#m0' }],
  direction: 'user→assistant',
  confidence: 0.8,
  explanation: 'x',
  version: 4,
});

let db: CoevoDB;
afterEach(async () => {
  db?.close();
  await Dexie.delete('verdicts-test');
});

describe('verdicts', () => {
  it('survive re-analysis: tags rewritten with the same ids keep their verdicts', async () => {
    db = new CoevoDB('verdicts-test');
    await db.tags.bulkPut([tag('a'), tag('b'), tag('c', 'term-uptake')]);
    await setVerdict(db, tag('a'), 'no');
    await setVerdict(db, tag('b'), 'yes');
    await setVerdict(db, tag('c', 'term-uptake'), 'unsure');
    await setVerdict(db, tag('c', 'term-uptake'), null);
    // What the analysis runner does on a re-run: tags cleared and written again.
    await db.tags.clear();
    await db.tags.bulkPut([tag('a'), tag('b'), tag('c', 'term-uptake')]);
    const v = await loadVerdicts(db);
    expect([...v]).toEqual([
      ['a', 'no'],
      ['b', 'yes'],
    ]);
    const shownTags = (await db.tags.toArray()).filter((x) => passesVerdict(v.get(x.id)));
    expect(shownTags.map((x) => x.id)).toEqual(['b', 'c']);
    expect(Object.fromEntries(countVerdicts(await db.tags.toArray(), v))).toEqual({
      'user-pushback': { confirmed: 1, disputed: 1, unsure: 0, unjudged: 0 },
      'term-uptake': { confirmed: 0, disputed: 0, unsure: 0, unjudged: 1 },
    });
    await clearData(db);
    expect(await db.verdicts.count()).toBe(0);
  });

  it.each([
    ['not-disputed', [true, false, true, true]],
    ['no', [false, true, false, false]],
    ['yes', [true, false, false, false]],
    ['unsure', [false, false, true, false]],
    ['unjudged', [false, false, false, true]],
    ['all', [true, true, true, true]],
  ] as const)('filter %s', (filter, want) => {
    expect((['yes', 'no', 'unsure', undefined] as const).map((v) => passesVerdict(v, filter))).toEqual(want);
  });
});
