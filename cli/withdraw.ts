/**
 * `npm run coevo -- withdraw RECEIPT.json`: withdraws a donation made with `coevo donate`, by sending its withdrawal
 * secret to the collector, which deletes the ciphertext and keeps only a tombstone. The receipt file is marked withdrawn.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withdrawDonation } from '../donation/protocol';
import type { ReceiptFile } from './donate';

export const summary = 'withdraw a donation made with `coevo donate` (RECEIPT.json)';

export async function run(argv: string[]): Promise<number> {
  const [path, ...rest] = argv;
  if (!path || rest.length) {
    process.stderr.write('usage: npm run coevo -- withdraw RECEIPT.json\n');
    return 2;
  }
  const r = JSON.parse(readFileSync(path, 'utf8')) as ReceiptFile;
  if (!r.donationId || !r.collector || !r.withdrawalSecret) throw new Error(`${path} is not a donation receipt (donationId, collector, withdrawalSecret)`);
  if (r.withdrawnAt) {
    process.stdout.write(`already withdrawn at ${r.withdrawnAt}\n`);
    return 0;
  }
  const out = await withdrawDonation((u, i) => fetch(u, i), r.collector, r.donationId, r.withdrawalSecret);
  if (!out.ok) throw new Error(`the collector did not withdraw ${r.donationId}: ${out.error}`);
  writeFileSync(path, JSON.stringify({ ...r, withdrawnAt: new Date().toISOString() }, null, 2) + '\n', { mode: 0o600 });
  process.stdout.write(`withdrawn: ${r.donationId} is deleted at ${r.collector} (the collector keeps only a tombstone)\n`);
  return 0;
}
