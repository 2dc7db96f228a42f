/**
 * `npm run study -- pull DIR --out FILE.jsonl [--raw FOLDER] [--database URL]`: every current donation, decrypted
 * with DIR/identity.txt and validated against the open payload schema, one JSON line each:
 *   {"donationId", "receivedAt", "sha256", "payload": {…coevo-donation/1…}}
 * With --raw, the ciphertexts as stored (FOLDER/<donationId>.age, decryptable with `age -d -i DIR/identity.txt`).
 * With --files FOLDER, also every `.age` file in FOLDER: donations that donors saved with "Save the encrypted donation as
 * a file" and handed over by upload or mail, checked the same way; their lines have `"donationId": "file:<name>"` and the
 * file's time as `receivedAt`.
 * Withdrawn donations are counted, never written; an invalid one (tampered, another key, not a donation) is named
 * with its reason and the others are written all the same (exit code 1 then).
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IDENTITY_FILE, loadStored, openDonation, type Opened, type StoredDonation } from '../collector/donations';
import { sha256Hex } from '../collector/store';
import { fail, readStudy } from './study';

/** Donation files saved by donors (`*.age` in a folder), as stored donations named `file:<name>`. */
export function readDonationFiles(folder: string, studyId: string): StoredDonation[] {
  if (!existsSync(folder)) fail(`--files: ${folder} not found`);
  return readdirSync(folder)
    .filter((n) => n.endsWith('.age'))
    .sort()
    .map((name) => {
      const path = join(folder, name);
      const bytes = new Uint8Array(readFileSync(path));
      return {
        donationId: `file:${name}`,
        receivedAt: statSync(path).mtime.toISOString(),
        sha256: sha256Hex(bytes),
        studyId,
        size: bytes.byteLength,
        withdrawnAt: null,
        ciphertext: bytes,
      };
    });
}

export async function openAll(dir: string, database?: string, files?: string): Promise<{ from: string; opened: Opened[]; raw: Map<string, Uint8Array> }> {
  const { study } = await readStudy(dir);
  const idPath = join(dir, IDENTITY_FILE);
  if (!existsSync(idPath)) fail(`${idPath} not found: the study's identity is needed to decrypt`);
  const identity = readFileSync(idPath, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (!identity) fail(`${idPath} holds no AGE-SECRET-KEY- line`);
  const stored = await loadStored(dir, { database });
  const donations = files ? [...stored.donations, ...readDonationFiles(files, study.id)] : stored.donations;
  const from = files ? `${stored.from} and ${files}` : stored.from;
  const opened: Opened[] = [];
  const raw = new Map<string, Uint8Array>();
  for (const d of donations) {
    if (d.ciphertext && !d.donationId.startsWith('file:')) raw.set(d.donationId, d.ciphertext);
    opened.push(await openDonation(d, identity!, study.id));
  }
  return { from, opened, raw };
}

export async function pull(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, raw: { type: 'string' }, database: { type: 'string' }, files: { type: 'string' } },
  });
  const dir = positionals[0] ?? fail('pull: give the study DIR');
  if (!values.out) fail('pull: --out FILE.jsonl is required');
  const { from, opened, raw } = await openAll(dir, values.database, values.files);
  const out = createWriteStream(values.out!);
  let written = 0;
  for (const o of opened)
    if (o.status === 'ok') {
      const { donationId, receivedAt, sha256 } = o.meta;
      out.write(JSON.stringify({ donationId, receivedAt, sha256, payload: o.payload }) + '\n');
      written++;
    }
  await new Promise<void>((done, err) => out.end((e?: Error | null) => (e ? err(e) : done())));
  if (values.raw) {
    mkdirSync(values.raw, { recursive: true });
    for (const [id, bytes] of raw) writeFileSync(join(values.raw, `${id}.age`), bytes);
  }
  const withdrawn = opened.filter((o) => o.status === 'withdrawn');
  const invalid = opened.filter((o): o is Extract<Opened, { status: 'invalid' }> => o.status === 'invalid');
  process.stdout.write(
    `read ${opened.length} donation(s) from ${from}\n` +
      `  ${written} decrypted and valid → ${values.out}\n` +
      `  ${withdrawn.length} withdrawn (tombstones only, nothing to decrypt)\n` +
      `  ${invalid.length} invalid\n` +
      (values.raw ? `  ${raw.size} ciphertext(s) as stored → ${values.raw}/<donationId>.age\n` : ''),
  );
  for (const o of invalid) process.stderr.write(`  invalid donation ${o.meta.donationId} (received ${o.meta.receivedAt}): ${o.error}\n`);
  return invalid.length ? 1 : 0;
}
