/**
 * `study pull --files FOLDER`: donations that donors saved as encrypted files ("Save the encrypted donation as a file")
 * and handed over by upload are decrypted and validated like the collector's, each bad file named alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePayload } from '../collector/testing';
import { encrypt } from '../donation/encrypt';
import { main as study } from './study';
import { initStudy, quiet } from './testing';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'coevo-pull-files-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('study pull --files', () => {
  it('decrypts and validates saved donation files, naming a tampered or foreign one alone', async () => {
    const dir = join(root, 'study');
    expect((await initStudy(dir, { title: 'Upload study', id: 'upload-study', collector: 'https://donate.example.org' })).code).toBe(0);
    const { recipient } = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as { recipient: string };
    const files = join(root, 'uploads');
    mkdirSync(files);
    const payload = samplePayload('upload-study', 'summary');
    writeFileSync(join(files, 'coevo-donation-upload-study-a.age'), await encrypt(recipient, payload));
    const tampered = await encrypt(recipient, samplePayload('upload-study', 'tags'));
    tampered[tampered.length - 3]! ^= 0x01;
    writeFileSync(join(files, 'coevo-donation-upload-study-b.age'), tampered);
    writeFileSync(join(files, 'coevo-donation-other-c.age'), await encrypt(recipient, samplePayload('another-study', 'summary')));
    writeFileSync(join(files, 'notes.txt'), 'not a donation');

    const out = join(root, 'pulled.jsonl');
    const r = await quiet(() => study(['pull', dir, '--out', out, '--files', files]));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/read 3 donation\(s\)/);
    expect(r.err).toMatch(/invalid donation file:coevo-donation-upload-study-b\.age .*cannot decrypt/);
    expect(r.err).toMatch(/invalid donation file:coevo-donation-other-c\.age .*made for study "another-study"/);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { donationId: string; payload: unknown });
    expect(lines.map((l) => l.donationId)).toEqual(['file:coevo-donation-upload-study-a.age']);
    expect(lines[0]!.payload).toEqual(JSON.parse(payload));
  });
});
