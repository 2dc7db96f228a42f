import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  donationRequest,
  fromHex,
  newIdempotencyKey,
  newWithdrawalSecret,
  sameHex,
  sendDonation,
  sha256,
  toHex,
  withdrawalHash,
  withdrawDonation,
} from './protocol';

const ct = new TextEncoder().encode('age-encryption.org/v1\n-> X25519 …');
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

async function request(over: Partial<Parameters<typeof donationRequest>[0]> = {}) {
  return {
    collector: 'http://127.0.0.1:9/',
    studyId: 's1',
    idempotencyKey: newIdempotencyKey(),
    withdrawalHash: await withdrawalHash(newWithdrawalSecret()),
    ciphertext: ct,
    ...over,
  };
}

describe('protocol', () => {
  it('keys and secrets have the agreed shapes; the hash is of the secret bytes', async () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{32}$/);
    const s = newWithdrawalSecret();
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(await withdrawalHash(s)).toBe(await sha256(fromHex(s)));
    expect(toHex(fromHex(s))).toBe(s);
    await expect(withdrawalHash('nothex')).rejects.toThrow();
    expect(sameHex('ab', 'ab')).toBe(true);
    expect(sameHex('ab', 'ac')).toBe(false);
  });

  it('builds the POST exactly as the collector expects', async () => {
    const r = await request();
    const { url, init } = donationRequest(r);
    expect(url).toBe('http://127.0.0.1:9/donations');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      'Content-Type': 'application/octet-stream',
      'Idempotency-Key': r.idempotencyKey,
      'X-Coevo-Study': 's1',
      'X-Coevo-Withdrawal-Hash': r.withdrawalHash,
    });
    expect(init.credentials).toBe('omit');
    expect(() => donationRequest({ ...r, idempotencyKey: 'short' })).toThrow();
  });

  it('accepts a receipt whose hash matches what was sent; 200 is a replay', async () => {
    const receipt = { donationId: 'd1', receivedAt: '2026-12-02T10:00:00.000Z', sha256: await sha256(ct) };
    expect(await sendDonation(async () => json(201, receipt), await request())).toEqual({ ok: true, receipt, replayed: false, status: 201 });
    expect(await sendDonation(async () => json(200, receipt), await request())).toMatchObject({ ok: true, replayed: true });
  });

  it('refuses a receipt for other bytes, and a malformed one', async () => {
    const wrong = { donationId: 'd1', receivedAt: '2026-12-02T10:00:00.000Z', sha256: 'a'.repeat(64) };
    expect(await sendDonation(async () => json(201, wrong), await request())).toMatchObject({
      ok: false,
      retry: false,
      error: expect.stringMatching(/does not match/),
    });
    expect(await sendDonation(async () => json(201, { donationId: 'd1' }), await request())).toMatchObject({ ok: false, retry: false });
  });

  it('retries network errors, 429 and 5xx; not other 4xx', async () => {
    expect(
      await sendDonation(
        async () => {
          throw new TypeError('Failed to fetch');
        },
        await request(),
      ),
    ).toMatchObject({ ok: false, retry: true, status: null });
    expect(await sendDonation(async () => json(503, { error: 'busy' }), await request())).toMatchObject({
      ok: false,
      retry: true,
      status: 503,
      error: '503: busy',
    });
    expect(await sendDonation(async () => json(429, {}), await request())).toMatchObject({ retry: true });
    expect(await sendDonation(async () => json(400, { error: 'not an age file' }), await request())).toMatchObject({
      ok: false,
      retry: false,
      error: '400: not an age file',
    });
  });

  it('withdraws with the secret in its header', async () => {
    const secret = newWithdrawalSecret();
    let seen: RequestInit | undefined;
    let seenUrl = '';
    const ok = await withdrawDonation(
      async (u, init) => {
        seenUrl = u;
        seen = init;
        return json(200, { withdrawn: true });
      },
      'https://c.example.org',
      'd/1',
      secret,
    );
    expect(ok).toEqual({ ok: true });
    expect(seenUrl).toBe('https://c.example.org/donations/d%2F1');
    expect(seen?.method).toBe('DELETE');
    expect(seen?.headers).toEqual({ 'X-Coevo-Withdrawal-Secret': secret });
    expect(await withdrawDonation(async () => json(403, {}), 'https://c.example.org', 'd1', secret)).toMatchObject({ ok: false, retry: false, status: 403 });
    expect(await withdrawDonation(async () => json(200, {}), 'https://c.example.org', 'd1', secret)).toMatchObject({ ok: false });
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(20_000);
    expect(backoffMs(40, () => 0.5)).toBe(30 * 60_000);
    expect(backoffMs(1, () => 0)).toBe(3_750);
  });
});
