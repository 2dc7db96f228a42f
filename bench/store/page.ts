/**
 * Runs in a plain Chromium page for `npm run bench:store` (bundled by esbuild): merges the same conversations into
 * fresh databases with and without the counts row's middleware (storage/counts.ts), alternating, and reports times.
 */
import Dexie from 'dexie';
import type { ConversationWithMessages } from '../../model/types';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';

interface Run {
  counted: boolean;
  first: number;
  again: number;
  captures: number;
}

(globalThis as { runStoreBench?: unknown }).runStoreBench = async (convs: ConversationWithMessages[], rounds: number): Promise<Run[]> => {
  const out: Run[] = [];
  // Alternated (on, off, off, on, …) so a machine that gets busier during the run weighs on both sides alike.
  const order = Array.from({ length: rounds * 2 }, (_, i) => i % 4 === 0 || i % 4 === 3);
  for (const counted of order) {
    const db = new CoevoDB(`bench-store-${out.length}`);
    if (!counted) db.unuse({ stack: 'dbcore', name: 'coevo-counts' });
    await db.open();
    const t0 = performance.now();
    await mergeConversations(db, convs);
    const t1 = performance.now();
    await mergeConversations(db, convs);
    const t2 = performance.now();
    // A capture's write: one conversation with one more message, 200 times, each in its own transaction.
    const c = convs[0]!;
    for (let i = 0; i < 200; i++) {
      const m = { ...c.messages[0]!, id: `${c.id}#bench-${i}`, text: `one more message ${i}`, index: c.messages.length + i };
      await mergeConversations(db, [{ ...c, messages: [...c.messages, m] }]);
    }
    const t3 = performance.now();
    out.push({ counted, first: t1 - t0, again: t2 - t1, captures: t3 - t2 });
    db.close();
    await Dexie.delete(db.name);
  }
  return out;
};
