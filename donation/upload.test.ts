/**
 * The page's upload with byte progress (XMLHttpRequest behind a fetch-shaped function): progress from 0 to the body's
 * size as the browser reports it, the answer as a standard Response, network errors and redirects refused like fetch.
 * The XMLHttpRequest here is a small in-memory stand-in that emits the events a browser emits for an upload.
 */
import { describe, expect, it } from 'vitest';
import { sendDonation, newIdempotencyKey, sha256 } from './protocol';
import { xhrFetch, type XhrLike } from './upload';

type Ev = { loaded: number; total: number; lengthComputable: boolean };

class FakeXhr implements XhrLike {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  statusText = '';
  responseText = '';
  responseURL = '';
  withCredentials = true;
  timeout = 0;
  private up: Record<string, ((e: Ev) => void)[]> = {};
  private on: Record<string, (() => void)[]> = {};
  upload = { addEventListener: (t: string, f: (e: Ev) => void) => void (this.up[t] ??= []).push(f) };
  constructor(private readonly answer: (x: FakeXhr) => void) {
    FakeXhr.last = this;
  }
  open(m: string, u: string) {
    this.method = m;
    this.url = u;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  addEventListener(t: string, f: () => void) {
    (this.on[t] ??= []).push(f);
  }
  abort() {
    this.fire('abort');
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-test: 1\r\n';
  }
  send(body: unknown) {
    this.body = body;
    queueMicrotask(() => this.answer(this));
  }
  /** What a browser does while the body leaves: progress events, then the upload's load. */
  uploadInSteps(total: number, step: number) {
    for (let s = step; s < total; s += step) for (const f of this.up.progress ?? []) f({ loaded: s, total, lengthComputable: true });
    for (const f of this.up.progress ?? []) f({ loaded: total, total, lengthComputable: true });
    for (const f of this.up.load ?? []) f({ loaded: total, total, lengthComputable: true });
  }
  fire(t: string) {
    for (const f of this.on[t] ?? []) f();
  }
}

const body = new Uint8Array(200_000).fill(7);

describe('xhrFetch: upload with progress', () => {
  it('reports bytes sent from 0 to the total and answers with a Response', async () => {
    const events: [number, number][] = [];
    const res = await xhrFetch(
      'http://127.0.0.1:9/donations',
      { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Idempotency-Key': 'a'.repeat(32) }, body, redirect: 'error' },
      (s, t) => void events.push([s, t]),
      () =>
        new FakeXhr((x) => {
          x.uploadInSteps(body.byteLength, 50_000);
          Object.assign(x, { status: 201, statusText: 'Created', responseText: '{"ok":true}', responseURL: 'http://127.0.0.1:9/donations' });
          x.fire('load');
        }),
    );
    expect(events).toEqual([
      [0, 200_000],
      [50_000, 200_000],
      [100_000, 200_000],
      [150_000, 200_000],
      [200_000, 200_000],
    ]);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('x-test')).toBe('1');
    const x = FakeXhr.last;
    expect([x.method, x.url, x.withCredentials, x.body]).toEqual(['POST', 'http://127.0.0.1:9/donations', false, body]);
    expect(x.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'idempotency-key': 'a'.repeat(32) });
  });

  it('a connection cut mid-upload rejects like fetch (the outbox retries); a redirect is refused', async () => {
    const events: number[] = [];
    const cut = xhrFetch(
      'http://c/donations',
      { method: 'POST', body },
      (s) => void events.push(s),
      () =>
        new FakeXhr((x) => {
          for (const f of (x as unknown as { up: Record<string, ((e: Ev) => void)[]> }).up.progress ?? [])
            f({ loaded: 65_536, total: body.byteLength, lengthComputable: true });
          x.fire('error');
        }),
    );
    await expect(cut).rejects.toThrow(TypeError);
    expect(events).toEqual([0, 65_536]);
    // A 201 that the browser says came from `finalUrl` after the request to `url`.
    const answeredAt = (url: string, finalUrl: string) =>
      xhrFetch(
        url,
        { method: 'POST', body, redirect: 'error' },
        undefined,
        () =>
          new FakeXhr((x) => {
            Object.assign(x, { status: 201, responseText: '{}', responseURL: finalUrl });
            x.fire('load');
          }),
      );
    await expect(answeredAt('http://c/donations', 'http://elsewhere/donations')).rejects.toThrow(/redirected/);
    // The same URL spelled differently by the browser is not a redirect.
    expect((await answeredAt('https://Donate.Example.org:443/donations', 'https://donate.example.org/donations')).status).toBe(201);
  });

  it('sendDonation passes progress through and ends at the total once the receipt is checked', async () => {
    const ciphertext = new TextEncoder().encode('age-encryption.org/v1\n' + 'x'.repeat(1000));
    const receipt = { donationId: 'd1', receivedAt: new Date(0).toISOString(), sha256: await sha256(ciphertext) };
    const events: number[] = [];
    const r = await sendDonation(
      (u, i, p) =>
        xhrFetch(
          u,
          i,
          p,
          () =>
            new FakeXhr((x) => {
              x.uploadInSteps(ciphertext.byteLength, 300);
              Object.assign(x, { status: 201, responseText: JSON.stringify(receipt), responseURL: u });
              x.fire('load');
            }),
        ),
      { collector: 'http://c', studyId: 's', idempotencyKey: newIdempotencyKey(), withdrawalHash: 'b'.repeat(64), ciphertext },
      (s) => void events.push(s),
    );
    expect(r.ok).toBe(true);
    expect(events[0]).toBe(0);
    expect(events).toContain(300);
    expect(events.at(-1)).toBe(ciphertext.byteLength);
  });
});
