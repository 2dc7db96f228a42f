/**
 * Test and bench helpers for class sessions: a student's summary contribution built, encrypted and sent with the same
 * core as `npm run coevo -- donate` (donation/payload buildDonation, donation/encrypt, cli/donate's outbox `deliver`),
 * from their own seeded sample data (sample/generate.ts: one plausible student per seed), marked sample: true.
 */
import { buildDonation, payloadBytes } from '../donation/payload';
import { encrypt } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, withdrawDonation, type Receipt } from '../donation/protocol';
import type { Study } from '../donation/study';
import { DEFAULT_MIN_CONFIDENCE } from '../model/tags';
import { generateSample } from '../sample/generate';
import { deliver } from '../cli/donate';

/** The summary payload (its JSON, as encrypted) of the sample student with this seed. */
export function sampleStudentPayload(study: Pick<Study, 'id'>, seed: number, end = Date.UTC(2026, 10, 30)): string {
  const conversations = generateSample(end, seed);
  return buildDonation(
    { conversations },
    {
      level: 'summary',
      consent: { studyId: study.id, studySha256: 'c'.repeat(64), version: '1', at: end },
      minConfidence: DEFAULT_MIN_CONFIDENCE,
      appVersion: '0.1.0',
      now: end,
      sample: true,
    },
  ).json;
}

export type Contribution = Receipt & { withdrawalSecret: string };

/** Encrypts a payload to the class key and sends it through the outbox's delivery (retries, idempotency key). */
export async function contribute(
  study: Pick<Study, 'id' | 'collector' | 'recipient'>,
  payloadJson: string,
  withdrawalSecret = newWithdrawalSecret(),
): Promise<Contribution> {
  const ciphertext = await encrypt(study.recipient, payloadBytes({ json: payloadJson }));
  const receipt = await deliver(
    {
      collector: study.collector,
      studyId: study.id,
      studySha256: 'c'.repeat(64),
      level: 'summary',
      idempotencyKey: newIdempotencyKey(),
      withdrawalSecret,
      createdAt: new Date().toISOString(),
      ciphertext: Buffer.from(ciphertext).toString('base64'),
    },
    3,
    () => {},
  );
  return { ...receipt, withdrawalSecret };
}

/** Leaves the class: the donor's withdrawal (DELETE /donations/{id} with the secret). */
export async function leave(collector: string, c: Contribution): Promise<void> {
  const r = await withdrawDonation((u, i) => fetch(u, i), collector, c.donationId, c.withdrawalSecret);
  if (!r.ok) throw new Error(`withdrawal refused: ${r.error}`);
}
