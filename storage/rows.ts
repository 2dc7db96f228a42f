/**
 * Row shapes of the tables that have a module of their own (verdicts, studies, donations), kept apart from those
 * modules so the schema (storage/db.ts) can name them without importing the modules that import it.
 */
import type { Level, Study } from '../donation/study';
import type { Receipt } from '../donation/protocol';
import type { RedactionCounts } from '../model/donation';
import type { TagType } from '../model/tags';

export const VERDICTS = ['yes', 'no', 'unsure'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface VerdictRow {
  tagId: string;
  verdict: Verdict;
  tagType: TagType;
  conversationId: string;
  /** Epoch ms of the person's last answer. */
  at: number;
}

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
