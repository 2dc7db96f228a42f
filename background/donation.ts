/**
 * The donation outbox sender: uploads queued donations to their study's collector, retried with backoff, with the same
 * idempotency key on every attempt (so a retry after a lost answer never makes a second donation), and keeps the
 * receipt once the collector's SHA-256 matches the ciphertext sent.
 *
 * Runs wherever the outbox is read: the dashboard sends right after the person's click (progress on screen), and the
 * background service worker picks up what is left at every start and on the outbox alarm (the browser was closed, the
 * worker was stopped, the collector was down). A lease in the row keeps two contexts from sending one donation at once.
 *
 * Privacy: the only requests made here go to a collector whose study the person joined, for a donation they reviewed and
 * confirmed; with no donation queued this module makes no request at all.
 */
import { backoffMs, sendDonation, withdrawDonation, type Progress } from '../donation/protocol';
import type { CoevoDB } from '../storage/db';
import { claim, dueDonations, nextDue, updateDonation, type DonationRow } from '../storage/donations';

export const OUTBOX_ALARM = 'coevo-donation-outbox';
/** After this many failed attempts a donation waits for the person ("Try again") instead of retrying on its own. */
export const MAX_ATTEMPTS = 12;
/** How long one attempt may hold a donation (an upload that takes longer is abandoned and retried). */
const LEASE_MS = 2 * 60_000;

export interface OutboxDeps {
  db: CoevoDB;
  /** `fetch`, or a transport that reports upload progress (the page's donation/upload.ts). */
  fetch: (url: string, init: RequestInit, onProgress?: Progress) => Promise<Response>;
  /** Hears each upload's progress: bytes of the ciphertext sent so far, of its size. */
  progress?: (id: string, sent: number, total: number) => void;
  now?: () => number;
  /** Wakes the outbox again at this time (an alarm in the extension); null: nothing is waiting. */
  schedule?: (when: number | null) => void | Promise<void>;
  log?: (m: string) => void;
  random?: () => number;
}

export interface OutboxResult {
  sent: string[];
  retrying: string[];
  failed: string[];
}

/** One attempt at one claimed donation. */
async function attempt(deps: OutboxDeps, row: DonationRow, out: OutboxResult): Promise<void> {
  const now = deps.now ?? Date.now;
  const r = await sendDonation(
    deps.fetch,
    {
      collector: row.collector,
      studyId: row.studyId,
      idempotencyKey: row.idempotencyKey,
      withdrawalHash: row.withdrawalHash,
      ciphertext: row.ciphertext,
    },
    deps.progress && ((sent, total) => deps.progress!(row.id, sent, total)),
  );
  if (r.ok) {
    await updateDonation(deps.db, row.id, { status: 'sent', receipt: r.receipt, leaseUntil: 0, lastError: undefined });
    out.sent.push(row.id);
    return;
  }
  deps.log?.(`donation ${row.id}: attempt ${row.attempts} failed: ${r.error}`);
  if (r.retry && row.attempts < MAX_ATTEMPTS) {
    await updateDonation(deps.db, row.id, { status: 'queued', leaseUntil: 0, lastError: r.error, nextAttemptAt: now() + backoffMs(row.attempts, deps.random) });
    out.retrying.push(row.id);
  } else {
    await updateDonation(deps.db, row.id, { status: 'failed', leaseUntil: 0, lastError: r.error });
    out.failed.push(row.id);
  }
}

/** Sends every donation that is due (one at a time, oldest first), then schedules the next wake-up. */
export async function processOutbox(deps: OutboxDeps, only?: string): Promise<OutboxResult> {
  const now = deps.now ?? Date.now;
  const out: OutboxResult = { sent: [], retrying: [], failed: [] };
  for (const due of await dueDonations(deps.db, now())) {
    if (only && due.id !== only) continue;
    const row = await claim(deps.db, due.id, now(), LEASE_MS);
    if (!row) continue;
    try {
      await attempt(deps, row, out);
    } catch (e) {
      // A storage error mid-attempt: release the lease so the next wake-up retries.
      await updateDonation(deps.db, row.id, {
        status: 'queued',
        leaseUntil: 0,
        lastError: String((e as Error).message ?? e),
        nextAttemptAt: now() + backoffMs(row.attempts, deps.random),
      });
      out.retrying.push(row.id);
    }
  }
  await deps.schedule?.(await nextDue(deps.db));
  return out;
}

/** Puts a failed donation back in the outbox (the person's "Try again"). */
export async function retryDonation(db: CoevoDB, id: string, now = Date.now()): Promise<void> {
  await updateDonation(db, id, { status: 'queued', attempts: 0, nextAttemptAt: now, leaseUntil: 0 });
}

export type WithdrawOutcome = { id: string; ok: true } | { id: string; ok: false; error: string };

/**
 * Withdraws one donation at its collector with its secret. A donation never received (still queued or failed) is
 * simply taken out of the outbox: nothing reached the collector.
 */
export async function withdraw(deps: OutboxDeps, id: string): Promise<WithdrawOutcome> {
  const now = deps.now ?? Date.now;
  const row = await deps.db.donations.get(id);
  if (!row) return { id, ok: false, error: 'no such donation on this device' };
  if (row.status === 'withdrawn') return { id, ok: true };
  if (!row.receipt) {
    if (row.status === 'sending' && (row.leaseUntil ?? 0) > now()) return { id, ok: false, error: 'it is being sent right now; try again in a moment' };
    await updateDonation(deps.db, id, { status: 'withdrawn', withdrawnAt: now(), leaseUntil: 0 });
    await deps.schedule?.(await nextDue(deps.db));
    return { id, ok: true };
  }
  const r = await withdrawDonation(deps.fetch, row.collector, row.receipt.donationId, row.withdrawalSecret);
  if (!r.ok) return { id, ok: false, error: r.error };
  await updateDonation(deps.db, id, { status: 'withdrawn', withdrawnAt: now() });
  return { id, ok: true };
}

/** Withdraws every donation not yet withdrawn; reports each. */
export async function withdrawAll(deps: OutboxDeps): Promise<WithdrawOutcome[]> {
  const rows = await deps.db.donations.filter((r) => r.status !== 'withdrawn').toArray();
  const out: WithdrawOutcome[] = [];
  for (const r of rows) out.push(await withdraw(deps, r.id));
  return out;
}
