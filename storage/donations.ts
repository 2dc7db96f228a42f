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
import type { Level, Study } from '../donation/study';
import type { Receipt } from '../donation/protocol';
import type { RedactionCounts } from '../model/donation';
import type { CoevoDB } from './db';

export interface StudyRow {
  id: string;
  study: Study;
  /** SHA-256 of the study file's exact bytes, and those bytes (what the consent screen showed). */
  sha256: string;
  text: string;
  /** Where it came from: a file the person opened, or a URL they pasted. */
  source: { kind: 'file'; name: string } | { kind: 'url'; url: string };
  consent: { version: string; at: number };
}

export type DonationStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'withdrawn';

export interface DonationRow {
  /** Local id (random). */
  id: string;
  studyId: string;
  studySha256: string;
  studyTitle: string;
  collector: string;
  level: Level;
  createdAt: number;
  /** The age ciphertext exactly as uploaded. */
  ciphertext: Uint8Array;
  sha256: string;
  bytes: number;
  /** 32 hex, the same on every retry of this donation. */
  idempotencyKey: string;
  /** 64 hex, made on this device; only its hash is sent with the donation. */
  withdrawalSecret: string;
  withdrawalHash: string;
  status: DonationStatus;
  attempts: number;
  /** Epoch ms when the outbox may try again. */
  nextAttemptAt: number;
  /** While one sender holds it (epoch ms): another context does not send it at the same time. */
  leaseUntil?: number;
  lastError?: string;
  receipt?: Receipt;
  withdrawnAt?: number;
  /** What the person reviewed: rows kept and removed, conversations, redaction counts. */
  review: { rows: number; removedRows: number; conversations: number; redaction: RedactionCounts };
}

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
