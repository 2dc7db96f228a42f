/**
 * The page side of a donation, as plain functions over the store (the Donate view only wires them to clicks, and unit
 * tests run them in Node): join a study from a file or a URL, record consent, build the payload the person reviews,
 * encrypt it on the device and put it in the outbox, or save it as a file.
 *
 * Privacy: nothing here makes a request except `fetchStudy`, called only when the person clicks "Fetch" for a URL they
 * pasted. Sending is the outbox's job (background/donation.ts), after the person's click on "Encrypt and send".
 */
import { encrypt } from '../../../donation/encrypt';
import { buildDonation, type BuiltDonation, type Selection } from '../../../donation/payload';
import { newIdempotencyKey, newWithdrawalSecret, sha256, withdrawalHash } from '../../../donation/protocol';
import { parseStudy, STUDY_MAX_BYTES, StudyError, type Level, type ParsedStudy } from '../../../donation/study';
import { shown } from '../../../model/tags';
import type { CoevoDB } from '../../../storage/db';
import { queueDonation, saveStudy, setTerms, type DonationRow, type StudyRow } from '../../../storage/donations';
import { loadAll } from '../../../storage/queries';
import { loadVerdicts } from '../../../storage/verdicts';

/** Where a pasted URL's study file is: the URL itself when it names a .json file, else `<url>/study.json`. */
export function studyFileUrl(pasted: string): string {
  const u = new URL(pasted.trim());
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new StudyError([`"${pasted}" is not an http(s) URL`]);
  if (!/\.json$/i.test(u.pathname)) u.pathname = u.pathname.replace(/\/+$/, '') + '/study.json';
  return u.toString();
}

export { donationPermissions, originPattern } from '../../../donation/permissions';

/** Fetches and parses a study file from a URL the person pasted (no cookies, no redirects to elsewhere). */
export async function fetchStudy(url: string, fetchFn: typeof fetch = fetch): Promise<ParsedStudy> {
  const res = await fetchFn(url, { credentials: 'omit', cache: 'no-store', redirect: 'error' });
  if (!res.ok) throw new StudyError([`${url} answered ${res.status}`]);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > STUDY_MAX_BYTES) throw new StudyError([`the file is ${bytes.length} bytes; a study file is at most ${STUDY_MAX_BYTES}`]);
  return parseStudy(bytes);
}

/** Records the person's consent: the study file's bytes, their SHA-256, the consent version and the time. */
export async function joinStudy(db: CoevoDB, parsed: ParsedStudy, source: StudyRow['source'], now = Date.now()): Promise<StudyRow> {
  const row: StudyRow = {
    id: parsed.study.id,
    study: parsed.study,
    sha256: parsed.sha256,
    text: parsed.text,
    source,
    consent: { version: parsed.study.consent.version, at: now },
  };
  await saveStudy(db, row);
  return row;
}

export interface DonationChoice {
  level: Level;
  selection: Selection;
  terms: string[];
  removed: string[];
  minConfidence: number;
}

/** Builds what will be sent from the person's own store (the same builder the CLI uses). */
export async function prepareDonation(db: CoevoDB, study: StudyRow, choice: DonationChoice, appVersion: string, now = Date.now()): Promise<BuiltDonation> {
  if (!study.study.levels.includes(choice.level)) throw new Error(`this study does not ask for the "${choice.level}" level`);
  const conversations = await loadAll(db);
  const tags = choice.level === 'tags' ? (await db.tags.toArray()).filter((t) => shown(t, choice.minConfidence)) : undefined;
  // Each tag goes with the person's verdict on it (issue 13): a disputed tag is sent with its "no", shown so in review,
  // so researchers learn where Coevo was wrong for this person; the person can still remove the row.
  const verdicts = choice.level === 'tags' ? await loadVerdicts(db) : undefined;
  return buildDonation(
    { conversations, tags, verdicts },
    {
      level: choice.level,
      consent: { studyId: study.id, studySha256: study.sha256, version: study.consent.version, at: study.consent.at },
      selection: choice.selection,
      terms: choice.terms,
      removed: choice.removed,
      minConfidence: choice.minConfidence,
      appVersion,
      now,
    },
  );
}

/** Encrypts the reviewed payload to the study's key on this device. */
export async function encryptDonation(study: StudyRow, built: BuiltDonation): Promise<Uint8Array> {
  return encrypt(study.study.recipient, built.json);
}

function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Encrypts and puts the donation in the outbox (the person clicked "Encrypt and send"). Remembers their terms. */
export async function queueEncrypted(
  db: CoevoDB,
  study: StudyRow,
  built: BuiltDonation,
  ciphertext: Uint8Array,
  terms: string[],
  now = Date.now(),
): Promise<DonationRow> {
  const secret = newWithdrawalSecret();
  const kept = built.rows.filter((r) => !r.removed);
  const row: DonationRow = {
    id: randomId(),
    studyId: study.id,
    studySha256: study.sha256,
    studyTitle: study.study.title,
    collector: study.study.collector,
    level: built.payload.level,
    createdAt: now,
    ciphertext,
    sha256: await sha256(ciphertext),
    bytes: ciphertext.length,
    idempotencyKey: newIdempotencyKey(),
    withdrawalSecret: secret,
    withdrawalHash: await withdrawalHash(secret),
    status: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    review: {
      rows: kept.length,
      removedRows: built.payload.scope?.removedRows ?? 0,
      conversations: built.payload.scope?.conversations ?? 0,
      redaction: built.payload.redaction,
    },
  };
  await queueDonation(db, row);
  await setTerms(db, terms);
  return row;
}

/** The file name of a saved encrypted donation. */
export function donationFileName(studyId: string, createdAt: number): string {
  return `coevo-donation-${studyId}-${new Date(createdAt).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.age`;
}
