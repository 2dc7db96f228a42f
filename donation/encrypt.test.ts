import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decrypt, encrypt, generateStudyKey, identityFile, looksLikeAge } from './encrypt';

const dir = mkdtempSync(join(tmpdir(), 'coevo-age-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('age encryption to the study key', () => {
  it('round-trips with age-encryption and is a binary age file', async () => {
    const { identity, recipient } = await generateStudyKey();
    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    const text = JSON.stringify({ hello: 'wörld', n: 1 });
    const ct = await encrypt(recipient, text);
    expect(looksLikeAge(ct)).toBe(true);
    expect(new TextDecoder().decode(ct)).not.toContain('wörld');
    expect(new TextDecoder().decode(await decrypt(identity, ct))).toBe(text);
    // A fresh file key per encryption: the same plaintext never gives the same ciphertext.
    expect(Buffer.from(await encrypt(recipient, text)).equals(Buffer.from(ct))).toBe(false);
  });

  it('does not decrypt with another identity, nor after tampering', async () => {
    const a = await generateStudyKey();
    const b = await generateStudyKey();
    const ct = await encrypt(a.recipient, 'secret');
    await expect(decrypt(b.identity, ct)).rejects.toThrow();
    const bad = ct.slice();
    bad[bad.length - 5] ^= 1;
    await expect(decrypt(a.identity, bad)).rejects.toThrow();
  });

  it('refuses a recipient that is not an X25519 age key', async () => {
    await expect(encrypt('age1xyz', 'x')).rejects.toThrow(/recipient/);
  });

  // The study's tools are the standard age CLI (Debian's `age`, installed by .ci/run): a donation must decrypt there.
  it('decrypts with the age command line tool (age -d -i identity.txt)', async () => {
    const { identity, recipient } = await generateStudyKey();
    const idFile = join(dir, 'identity.txt');
    writeFileSync(idFile, identityFile(identity, recipient), { mode: 0o600 });
    const text = JSON.stringify({ schema: 'coevo-donation/1', note: 'ünïcode ✓', big: 'x'.repeat(200_000) });
    const ctFile = join(dir, 'donation.age');
    writeFileSync(ctFile, await encrypt(recipient, text));
    const out = execFileSync('age', ['-d', '-i', idFile, ctFile], { maxBuffer: 10 * 1024 * 1024 }).toString('utf8');
    expect(out).toBe(text);
  });

  it('decrypts what the age command line tool encrypted (same format both ways)', async () => {
    const { identity, recipient } = await generateStudyKey();
    const ct = execFileSync('age', ['-r', recipient], { input: 'from the CLI' });
    expect(new TextDecoder().decode(await decrypt(identity, new Uint8Array(ct)))).toBe('from the CLI');
  });
});
