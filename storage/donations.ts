/**
 * Donations on this device: the studies the person joined (with their consent record) and every donation they made,
 * from the moment it is encrypted (the outbox) through the collector's receipt to a withdrawal.
 *
 * Privacy: a donation row holds only the ciphertext (encrypted to the study's key on this device: Coevo cannot read it
 * back), its SHA-256, the receipt, and the withdrawal secret — the one thing that lets the person delete the donation
 * at the collector, which never sees it until they withdraw. The outbox lives in IndexedDB so a donation survives the
 * service worker stopping and the browser closing; the local copy is kept after the receipt (for "My donations" and
 * for saving the file again) until the person forgets it.
 *
 * The person's remembered redaction terms (name, employer, town) are a setting: `donation.terms`.
 */
import type { CoevoDB } from './db';
import type { DonationRow, StudyRow } from './rows';

// The row shapes live with the other tables' (storage/rows.ts), so db.ts need not import this module back.
export type { DonationRow, DonationStatus, StudyRow } from './rows';

export const TERMS_KEY = 'donation.terms';

export async function getTerms(db: CoevoDB): Promise<string[]> {
  const v = (await db.settings.get(TERMS_KEY))?.value;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export async function setTerms(db: CoevoDB, terms: readonly string[]): Promise<void> {
  await db.settings.put({ key: TERMS_KEY, value: [...terms] });
}

export async function saveStudy(db: CoevoDB, row: StudyRow): Promise<void> {
  await db.studies.put(row);
}

export async function listStudies(db: CoevoDB): Promise<StudyRow[]> {
  return (await db.studies.toArray()).sort((a, b) => b.consent.at - a.consent.at);
}

/** Leaves a study on this device (its consent record goes; donations already made stay listed until forgotten). */
export async function leaveStudy(db: CoevoDB, id: string): Promise<void> {
  await db.studies.delete(id);
}

export async function queueDonation(db: CoevoDB, row: DonationRow): Promise<void> {
  await db.donations.add(row);
}

export async function listDonations(db: CoevoDB): Promise<DonationRow[]> {
  return (await db.donations.toArray()).sort((a, b) => b.createdAt - a.createdAt);
}

/** Donations the outbox should try now. */
export async function dueDonations(db: CoevoDB, now: number): Promise<DonationRow[]> {
  const rows = await db.donations.where('status').anyOf('queued', 'sending').toArray();
  return rows.filter((r) => r.nextAttemptAt <= now && (r.leaseUntil ?? 0) <= now).sort((a, b) => a.createdAt - b.createdAt);
}

/** The earliest time the outbox has something to do (null: nothing waiting). */
export async function nextDue(db: CoevoDB): Promise<number | null> {
  const rows = await db.donations.where('status').anyOf('queued', 'sending').toArray();
  if (!rows.length) return null;
  return Math.min(...rows.map((r) => Math.max(r.nextAttemptAt, r.leaseUntil ?? 0)));
}

/** Takes a donation for one attempt, atomically: false when another context holds it or it is no longer waiting. */
export async function claim(db: CoevoDB, id: string, now: number, leaseMs: number): Promise<DonationRow | null> {
  return db.transaction('rw', db.donations, async () => {
    const r = await db.donations.get(id);
    if (!r || (r.status !== 'queued' && r.status !== 'sending') || (r.leaseUntil ?? 0) > now || r.nextAttemptAt > now) return null;
    const next = { ...r, status: 'sending' as const, attempts: r.attempts + 1, leaseUntil: now + leaseMs };
    await db.donations.put(next);
    return next;
  });
}

export async function updateDonation(db: CoevoDB, id: string, patch: Partial<DonationRow>): Promise<void> {
  await db.donations.update(id, patch);
}

/** Forgets a donation on this device (after withdrawal, or a failed one the person gives up on). */
export async function forgetDonation(db: CoevoDB, id: string): Promise<void> {
  await db.donations.delete(id);
}
