/**
 * The researcher's side of a donation: fetch every stored donation (from the running collector's admin
 * route, or straight from the database when no collector is running), check its bytes against the
 * receipt hash, decrypt it with the study's identity, and validate it against the open payload schema.
 * One bad donation (tampered, not for this key, invalid) is reported for itself and affects no other.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { decrypt } from '../donation/encrypt';
import { donationProblems, type DonationPayload } from '../model/donation';
import { openStore, sha256Hex, type DonationMeta } from './store';

export type StoredDonation = DonationMeta & { ciphertext: Uint8Array | null };

/** Where a collector that `study serve` runs says it listens (removed when it stops). */
export const SERVE_FILE = 'serve.json';
export const ADMIN_TOKEN_FILE = 'admin-token';
export const IDENTITY_FILE = 'identity.txt';
export const STUDY_FILE = 'study.json';
export const DB_DIR = 'db';

export type ServeInfo = { pid: number; url: string | null; database: 'pglite' | 'postgres' };

export function runningCollector(dir: string): ServeInfo | null {
  const f = join(dir, SERVE_FILE);
  if (!existsSync(f)) return null;
  try {
    const info = JSON.parse(readFileSync(f, 'utf8')) as ServeInfo;
    process.kill(info.pid, 0); // throws when that process is gone
    return info;
  } catch {
    return null;
  }
}

/** Every donation with its ciphertext (null for a withdrawn one), in the order received. */
export async function loadStored(dir: string, opts: { database?: string } = {}): Promise<{ from: string; donations: StoredDonation[] }> {
  const live = opts.database ? null : runningCollector(dir);
  if (live && !live.url) throw new Error(`the collector for ${dir} (pid ${live.pid}) is still starting; retry once it listens`);
  if (live?.url) {
    const token = readFileSync(join(dir, ADMIN_TOKEN_FILE), 'utf8').trim();
    const res = await fetch(`${live.url}/admin/export`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`the running collector (${live.url}) refused the export: ${res.status} ${await res.text()}`);
    const donations: StoredDonation[] = [];
    for (const line of (await res.text()).split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as DonationMeta & { ciphertext: string | null };
      donations.push({ ...d, ciphertext: d.ciphertext === null ? null : new Uint8Array(Buffer.from(d.ciphertext, 'base64')) });
    }
    return { from: `the running collector at ${live.url}`, donations };
  }
  const target = opts.database ?? join(dir, DB_DIR);
  if (!opts.database && !existsSync(target)) return { from: `${target} (no donations yet)`, donations: [] };
  const store = await openStore(target);
  try {
    const donations: StoredDonation[] = [];
    for (const m of await store.list()) donations.push({ ...m, ciphertext: m.withdrawnAt ? null : await store.ciphertext(m.donationId) });
    return { from: opts.database ? 'the PostgreSQL database' : `the embedded database in ${target}`, donations };
  } finally {
    await store.close();
  }
}

let schemaCheck: ValidateFunction | null = null;

/** The open payload schema (model/donation.schema.json) compiled once; null when the file is absent. */
export function schemaValidator(): ValidateFunction | null {
  if (schemaCheck) return schemaCheck;
  const file = new URL('../model/donation.schema.json', import.meta.url);
  if (!existsSync(file)) return null;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
  const ajv = /2020-12|2019-09/.test(schema.$schema ?? '')
    ? new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
    : new Ajv({ allErrors: true, strict: false, validateFormats: false });
  schemaCheck = ajv.compile(schema);
  return schemaCheck;
}

/** Problems of a decrypted payload: the JSON schema's and the runtime checks' (the same rules, both enforced). */
function payloadProblems(payload: unknown): string[] {
  const out = new Set<string>();
  const v = schemaValidator();
  if (v && !v(payload)) for (const e of v.errors ?? []) out.add(`schema: ${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
  for (const p of donationProblems(payload)) out.add(p);
  return [...out];
}

export type Opened =
  | { status: 'ok'; meta: DonationMeta; payload: DonationPayload }
  | { status: 'withdrawn'; meta: DonationMeta }
  | { status: 'invalid'; meta: DonationMeta; error: string };

/** Checks, decrypts and validates one stored donation. */
export async function openDonation(d: StoredDonation, identity: string, studyId: string): Promise<Opened> {
  const { ciphertext, ...meta } = d;
  if (d.withdrawnAt || !ciphertext) return { status: 'withdrawn', meta };
  if (sha256Hex(ciphertext) !== d.sha256)
    return { status: 'invalid', meta, error: 'the stored ciphertext does not match its receipt SHA-256 (changed after it was received)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await decrypt(identity, ciphertext));
  } catch (e) {
    return { status: 'invalid', meta, error: `cannot decrypt: ${(e as Error).message} (tampered, truncated, or not encrypted to this study's key)` };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    return { status: 'invalid', meta, error: `decrypted, but not JSON: ${(e as Error).message}` };
  }
  const problems = payloadProblems(payload);
  if (problems.length)
    return {
      status: 'invalid',
      meta,
      error: `not a valid coevo donation: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
    };
  if ((payload as DonationPayload).studyId !== studyId)
    return { status: 'invalid', meta, error: `made for study "${(payload as DonationPayload).studyId}", not "${studyId}"` };
  return { status: 'ok', meta, payload: payload as DonationPayload };
}
