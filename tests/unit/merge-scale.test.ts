// Merging a large snapshot is not quadratic (issue 11: 5,000 incoming against 5,000 stored messages, none
// matching by id or exact text, took 80 s because every unmatched pair's word bags were rebuilt and compared).
import { describe, expect, it } from 'vitest';
import { buildConversation } from '../../model/build';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' ');
/** A distinct sentence per (seed, i): 12 words drawn deterministically, plus the number itself. */
function sentence(seed: number, i: number): string {
  let x = (seed * 7919 + i * 104729) >>> 0;
  const out: string[] = [];
  for (let k = 0; k < 12; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return `${out.join(' ')} number ${seed}-${i}`;
}
const conv = (seed: number, n: number) =>
  buildConversation(
    { site: 'chatgpt', siteConversationId: 'big', source: 'capture' },
    Array.from({ length: n }, (_, i) => ({
      role: i % 2 ? ('assistant' as const) : ('user' as const),
      text: sentence(seed, i),
      time: null,
      timeSource: 'unknown' as const,
    })),
  );

export async function timeMerge(n: number): Promise<number> {
  const db = new CoevoDB(`merge-scale-${n}-${Math.random()}`);
  await db.open();
  await mergeConversations(db, [conv(1, n)]);
  // CPU time of this process, not wall time: the suite runs files in parallel on a shared machine.
  const t0 = process.cpuUsage();
  await mergeConversations(db, [conv(2, n)]);
  const d = process.cpuUsage(t0);
  const ms = (d.user + d.system) / 1000;
  db.close();
  return ms;
}

describe('merge at scale', () => {
  it('merges 5,000 new messages into 5,000 stored ones in seconds, and grows about linearly', async () => {
    const small = await timeMerge(1000);
    const big = await timeMerge(5000);
    console.log(`merge 1,000 × 1,000: ${small.toFixed(0)} ms; 5,000 × 5,000: ${big.toFixed(0)} ms (CPU)`);
    // Before the prefix-filter index: 43 s for 5,000 × 5,000 (17× the 1,000 case).
    expect(big).toBeLessThan(25_000);
    // Quadratic would be 25× the small case; allow generous noise on a shared machine.
    expect(big / small).toBeLessThan(12);
  }, 120_000);
});
