// Never lose a word (issue 11): a stored text is never replaced without trace. A changed message under the same
// id keeps its earlier text as a revision beside it; two records with one id in one file are both kept.
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMessages } from '../../model/build';
import { conversationId } from '../../model/ids';
import type { ConversationWithMessages } from '../../model/types';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';
import { commitStaged, stage } from '../../storage/staging';

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`no-overwrite-${n++}`);
  await db.open();
});

const CID = conversationId('chatgpt', 'x');
type Draft = Parameters<typeof buildMessages>[1][number];
const conv = (source: ConversationWithMessages['source'], drafts: Draft[]): ConversationWithMessages => ({
  id: CID,
  site: 'chatgpt',
  siteConversationId: 'x',
  source,
  createdAt: null,
  updatedAt: null,
  messages: buildMessages(CID, drafts),
});
const allTexts = async () => (await db.messages.toArray()).map((m) => m.text).sort();

describe('no silent overwrite', () => {
  it('keeps the earlier text of a prompt edited under the same site id, as an alternate off the current path', async () => {
    await mergeConversations(db, [
      conv('capture', [
        { role: 'user', text: 'Plan a trip to Lisbon in May', siteMessageId: 'u1' },
        { role: 'assistant', text: 'Sure, here is a plan.', siteMessageId: 'a1' },
      ]),
    ]);
    const r = await mergeConversations(db, [
      conv('capture', [
        { role: 'user', text: 'Actually make it Porto in June with kids', siteMessageId: 'u1' },
        { role: 'assistant', text: 'Sure, here is a plan.', siteMessageId: 'a1' },
      ]),
    ]);
    expect(r.messagesAdded).toBe(1);
    expect(await allTexts()).toEqual(['Actually make it Porto in June with kids', 'Plan a trip to Lisbon in May', 'Sure, here is a plan.']);
    const old = (await db.messages.toArray()).find((m) => m.text.startsWith('Plan'))!;
    expect(old.current).toBe(false);
    // The same change merged again adds nothing.
    expect(
      (await mergeConversations(db, [conv('capture', [{ role: 'user', text: 'Actually make it Porto in June with kids', siteMessageId: 'u1' }])]))
        .messagesAdded,
    ).toBe(0);
    expect(await db.messages.count()).toBe(3);
  });

  it('an import with a different text under a captured id keeps both; a formatting difference is not a change', async () => {
    await mergeConversations(db, [conv('capture', [{ role: 'assistant', text: 'The answer is **42**, as computed.', siteMessageId: 'm1' }])]);
    await mergeConversations(db, [
      conv('import', [{ role: 'assistant', text: 'The answer is 42, as computed.', siteMessageId: 'm1', time: 5, timeSource: 'export' }]),
    ]);
    expect(await db.messages.count()).toBe(1);
    await mergeConversations(db, [
      conv('import', [{ role: 'assistant', text: 'Completely different words replaced it later on.', siteMessageId: 'm1', time: 6, timeSource: 'export' }]),
    ]);
    expect(await allTexts()).toEqual(['Completely different words replaced it later on.', 'The answer is 42, as computed.']);
  });

  it('two records with the same id in one file (e.g. a Claude export whose messages share an id) are both kept', async () => {
    const c = conv('import', [
      { role: 'user', text: 'First question', siteMessageId: 'same' },
      { role: 'assistant', text: 'First answer', siteMessageId: 'same' },
      { role: 'user', text: 'First question', siteMessageId: 'same' },
    ]);
    expect(new Set(c.messages.map((m) => m.id)).size).toBe(1);
    await stage(db, 'imp', [c]);
    await commitStaged(db, 'imp');
    expect(await allTexts()).toEqual(['First answer', 'First question']);
  });

  it('the same conversation twice in one file with a changed message keeps both versions', async () => {
    await stage(db, 'imp2', [
      conv('import', [{ role: 'user', text: 'Version one of my question', siteMessageId: 'q' }]),
      conv('import', [{ role: 'user', text: 'A rewritten second version entirely', siteMessageId: 'q' }]),
    ]);
    await commitStaged(db, 'imp2');
    expect(await allTexts()).toEqual(['A rewritten second version entirely', 'Version one of my question']);
  });
});
