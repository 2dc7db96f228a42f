/**
 * The research side end to end, with real processes: `study init`, `study serve` as a child process (PGlite, then
 * PostgreSQL), `coevo donate` with the shared core, a tampered upload, `kill -9` of the collector after its 201s and a
 * restart (nothing acknowledged is lost), `study pull` (JSONL equals the reviewed payload; Debian's `age -d` on the raw
 * ciphertext gives the same), `coevo withdraw`, `study summary`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encrypt } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, sendDonation, withdrawalHash } from '../donation/protocol';
import { freePort, startPostgres, type TestPostgres } from '../collector/postgres-server';
import { openSql } from '../collector/sql';
import { CHATS_JSONL, readJson, samplePayload, spawnServe, type ServeProcess } from '../collector/testing';
import { run as donate, type ReceiptFile } from './donate';
import { main as study } from './study';
import { initStudy, quiet } from './testing';
import { run as withdraw } from './withdraw';

const hasAgeCli = (() => {
  try {
    execFileSync('age', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

type Line = { donationId: string; receivedAt: string; sha256: string; payload: Record<string, unknown> };
const lines = (path: string): Line[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
const comparable = (p: Record<string, unknown>) => ({ ...p, createdAt: undefined, consent: { ...(p.consent as object), at: undefined } });

async function newStudy(root: string, port: number) {
  const dir = join(root, 'study');
  const r = await initStudy(dir, {
    title: 'Coevo pilot',
    collector: `http://127.0.0.1:${port}`,
    institution: 'Example University',
    contact: 'study@example.org',
    ethics: 'Board 2026-7',
  });
  expect(r.code, r.err).toBe(0);
  const chats = join(root, 'chats.jsonl');
  writeFileSync(chats, CHATS_JSONL);
  return { dir, chats, studyFile: join(dir, 'study.json'), identity: join(dir, 'identity.txt') };
}

describe('study init, serve (PGlite), donate, pull, kill -9, withdraw, summary', () => {
  let root: string;
  let serve: ServeProcess | undefined;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'coevo-study-'));
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('round-trips a reviewed donation and survives kill -9 after the 201', async () => {
    const port = await freePort();
    const s = await newStudy(root, port);
    expect(statSync(s.identity).mode & 0o777).toBe(0o600);
    const published = readJson<{ recipient: string; id: string }>(s.studyFile);
    expect(published.recipient).toMatch(/^age1/);
    expect(readFileSync(s.studyFile, 'utf8')).not.toContain('AGE-SECRET-KEY');

    serve = await spawnServe(s.dir, ['--port', String(port)]);
    expect(await (await fetch(`${serve.url}/study.json`)).text()).toBe(readFileSync(s.studyFile, 'utf8'));

    // Review first: without --yes nothing is sent, and the preview is the exact payload.
    const preview = join(root, 'preview.json');
    const dry = await quiet(() =>
      donate([s.chats, '--site', 'chatgpt', '--study', s.studyFile, '--level', 'conversations', '--redact', 'Alice', '--redact', 'Acme', '--preview', preview]),
    );
    expect(dry.code, dry.err).toBe(0);
    expect(existsSync(join(root, 'receipt.json'))).toBe(false);
    const reviewed = JSON.parse(readFileSync(preview, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(reviewed)).not.toMatch(/Alice|Acme|alice@example\.com|7946/);

    const receiptPath = join(root, 'receipt.json');
    const sent = await quiet(() =>
      donate([
        s.chats,
        '--site',
        'chatgpt',
        '--study',
        s.studyFile,
        '--level',
        'conversations',
        '--redact',
        'Alice',
        '--redact',
        'Acme',
        '--yes',
        '--receipt',
        receiptPath,
      ]),
    );
    expect(sent.code, sent.err).toBe(0);
    const receipt = readJson<ReceiptFile>(receiptPath);
    expect(statSync(receiptPath).mode & 0o777).toBe(0o600);
    expect(existsSync(`${receiptPath}.pending`)).toBe(false);

    const summaryReceipt = join(root, 'receipt-summary.json');
    expect(
      (await quiet(() => donate([s.chats, '--site', 'chatgpt', '--study', s.studyFile, '--level', 'summary', '--yes', '--receipt', summaryReceipt]))).code,
    ).toBe(0);

    // A ciphertext changed on the way: accepted as bytes (the collector cannot read it), reported by pull alone.
    const good = await encrypt(published.recipient, samplePayload(published.id));
    const tampered = new Uint8Array(good);
    tampered[tampered.length - 5]! ^= 0xff;
    const bad = await sendDonation(fetch, {
      collector: serve.url,
      studyId: published.id,
      idempotencyKey: newIdempotencyKey(),
      withdrawalHash: await withdrawalHash(newWithdrawalSecret()),
      ciphertext: tampered,
    });
    if (!bad.ok) throw new Error(bad.error);

    // kill -9 right after the acknowledgements, then start again on the same folder.
    await serve.kill9();
    serve = await spawnServe(s.dir, ['--port', String(port)]);

    const out = join(root, 'pulled.jsonl');
    const raw = join(root, 'raw');
    const pulled = await quiet(() => study(['pull', s.dir, '--out', out, '--raw', raw]));
    expect(pulled.code).toBe(1); // one invalid donation
    expect(pulled.out).toMatch(/read 3 donation/);
    expect(pulled.err).toContain(`invalid donation ${bad.receipt.donationId}`);
    expect(pulled.err).toMatch(/cannot decrypt/);
    const got = lines(out);
    expect(got.map((l) => l.donationId).sort()).toEqual([receipt.donationId, readJson<ReceiptFile>(summaryReceipt).donationId].sort());
    const conv = got.find((l) => l.donationId === receipt.donationId)!;
    expect(conv.sha256).toBe(receipt.sha256);
    expect(comparable(conv.payload)).toEqual(comparable(reviewed));
    expect(readdirSync(raw).sort()).toEqual(
      [receipt.donationId, readJson<ReceiptFile>(summaryReceipt).donationId, bad.receipt.donationId].map((id) => `${id}.age`).sort(),
    );
    if (hasAgeCli) {
      const viaAge = execFileSync('age', ['-d', '-i', s.identity, join(raw, `${receipt.donationId}.age`)]).toString();
      expect(JSON.parse(viaAge)).toEqual(conv.payload);
    }

    const csv = join(root, 'summary.csv');
    const sum = await quiet(() => study(['summary', s.dir, '--csv', csv]));
    expect(sum.code, sum.err).toBe(0);
    expect(sum.out).toMatch(/2 valid donation\(s\).*1 summary, 0 tags, 1 conversations/);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('measure,key,period,site,donors,mean,median,total');
    expect(rows.some((r) => /^user_messages,,2026-03,all,1,2,2,2$/.test(r))).toBe(true);

    // Withdraw: gone from the collector and from pull, a tombstone stays.
    expect((await quiet(() => withdraw([receiptPath]))).code).toBe(0);
    expect(readJson<ReceiptFile>(receiptPath).withdrawnAt).toBeTruthy();
    const after = await quiet(() => study(['pull', s.dir, '--out', out]));
    expect(after.out).toMatch(/1 withdrawn/);
    expect(lines(out).map((l) => l.donationId)).toEqual([readJson<ReceiptFile>(summaryReceipt).donationId]);
    await serve.stop();
    serve = undefined;
    expect(existsSync(join(s.dir, 'serve.json'))).toBe(false);
    // With no collector running, pull reads the embedded database directly.
    const offline = await quiet(() => study(['pull', s.dir, '--out', out]));
    expect(offline.out).toMatch(/embedded database/);
    expect(lines(out)).toHaveLength(1);
  }, 600_000);
});

describe('study serve --database postgres://… (Debian PostgreSQL started by the test)', () => {
  let root: string;
  let pg: TestPostgres;
  let serve: ServeProcess | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'coevo-study-pg-'));
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
    await pg?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('keeps acknowledged donations across kill -9 and reports one changed at rest', async () => {
    const port = await freePort();
    const s = await newStudy(root, port);
    serve = await spawnServe(s.dir, ['--port', String(port), '--database', pg.url]);
    expect(await (await fetch(`${serve.url}/healthz`)).json()).toEqual({ ok: true, database: 'postgres' });
    const receipts: string[] = [];
    for (const level of ['conversations', 'tags'] as const) {
      const path = join(root, `receipt-${level}.json`);
      const r = await quiet(() => donate([s.chats, '--site', 'chatgpt', '--study', s.studyFile, '--level', level, '--yes', '--receipt', path]));
      expect(r.code, r.err).toBe(0);
      receipts.push(readJson<ReceiptFile>(path).donationId);
    }
    await serve.kill9();
    serve = undefined;

    // Change one stored ciphertext behind the collector's back.
    const sql = await openSql(pg.url);
    await sql.query(`UPDATE donations SET ciphertext = overlay(ciphertext placing '\\x00'::bytea from 60) WHERE id = $1`, [receipts[1]]);
    await sql.close();

    const out = join(root, 'pulled.jsonl');
    const pulled = await quiet(() => study(['pull', s.dir, '--out', out, '--database', pg.url]));
    expect(pulled.out).toMatch(/read 2 donation.*PostgreSQL/s);
    expect(pulled.err).toContain(`invalid donation ${receipts[1]}`);
    expect(pulled.err).toMatch(/does not match its receipt SHA-256/);
    expect(lines(out).map((l) => l.donationId)).toEqual([receipts[0]]);
    expect(lines(out)[0]!.payload.level).toBe('conversations');
  }, 300_000);
});
