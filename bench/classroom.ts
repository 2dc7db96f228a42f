/**
 * `npm run bench:classroom`: a class of 60 students joining within 10 seconds while the projector is open, all on
 * 127.0.0.1. A real `study serve` of a classroom study (child process, embedded database); each student's summary is
 * built from their own seeded sample data (sample/generate.ts, one plausible student per seed) and encrypted to the
 * class key beforehand, then sent at a random moment in a 10 s window through the outbox's delivery (cli/donate's
 * `deliver`, idempotency key, retries). Watching: a server-sent-events client (the projector's feed) and, when Chromium
 * is installed, the projector page itself at 1920×1080 (its screenshot goes to docs/screenshots/classroom-present-60.png).
 *
 * Prints: upload latency p50/p99, whether every contribution is stored exactly once, and how long after the last
 * receipt the feed and the page showed all 60 (the target is 2 s).
 * Options: --students N (default 60) --window S (default 10).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../analysis/random';
import { encrypt } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, type Receipt } from '../donation/protocol';
import { parseStudy } from '../donation/study';
import { freePort } from '../collector/postgres-server';
import { spawnServe } from '../collector/testing';
import { sampleStudentPayload } from '../collector/classroom-testing';
import { deliver } from '../cli/donate';
import { main as study } from '../cli/study';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && Number(process.argv[i + 1]) > 0 ? Number(process.argv[i + 1]) : def;
};
const STUDENTS = arg('students', 60);
const WINDOW_MS = arg('window', 10) * 1000;
const ROOT = new URL('..', import.meta.url).pathname;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (v: number) => `${v.toFixed(0)} ms`;

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'coevo-bench-class-'));
  const dir = join(root, 'class');
  const port = await freePort();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const silence = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const code = await study(['init', dir, '--classroom', '--title', 'Bench class', '--collector', `http://127.0.0.1:${port}`]).finally(
    () => (process.stdout.write = silence),
  );
  if (code !== 0) throw new Error('study init failed');
  const { study: cls } = await parseStudy(readFileSync(join(dir, 'study.json')));

  log(`building ${STUDENTS} students' summaries from their own seeded sample data and encrypting them to the class key…`);
  const t0 = performance.now();
  const bodies: string[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const json = sampleStudentPayload(cls, 1000 + i);
    bodies.push(Buffer.from(await encrypt(cls.recipient, json)).toString('base64'));
  }
  log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s (each student's own device does this part)`);

  const serve = await spawnServe(dir, ['--port', String(port)]);
  const url = serve.url;
  let browser: import('playwright-core').Browser | null = null;
  try {
    // The projector's live feed, as the page reads it.
    const feed: { at: number; donors: number }[] = [];
    const controller = new AbortController();
    void fetch(`${url}/api/class/events`, { signal: controller.signal })
      .then(async (res) => {
        const reader = res.body!.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += dec.decode(value, { stream: true });
          for (let k = buf.indexOf('\n\n'); k >= 0; k = buf.indexOf('\n\n')) {
            const block = buf.slice(0, k);
            buf = buf.slice(k + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data && /^event: class$/m.test(block)) feed.push({ at: performance.now(), donors: (JSON.parse(data) as { donors: number }).donors });
          }
        }
      })
      .catch(() => {});

    // The projector page itself, when a Chromium is installed.
    let page: import('playwright-core').Page | null = null;
    const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? process.env.COEVO_BROWSER;
    if (chromiumPath) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${url}/present`);
      await page.getByTestId('waiting').waitFor();
    }
    let pageAllAt: number | null = null;
    const pageWatch = (async () => {
      if (!page) return;
      for (;;) {
        const text = await page
          .getByTestId('joined')
          .textContent({ timeout: 5_000 })
          .catch(() => null);
        // Time after the read: an upper bound on when the page showed it.
        if (text === String(STUDENTS)) return void (pageAllAt = performance.now());
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    log(`${STUDENTS} students join at random moments within ${WINDOW_MS / 1000} s…`);
    const r = mulberry32(12);
    const offsets = Array.from({ length: STUDENTS }, () => r() * WINDOW_MS);
    const latencies: number[] = [];
    const receipts: Receipt[] = [];
    const failures: string[] = [];
    let lastReceiptAt = 0;
    const start = performance.now();
    await Promise.all(
      offsets.map(async (off, i) => {
        await new Promise((res) => setTimeout(res, off));
        const t = performance.now();
        try {
          const receipt = await deliver(
            {
              collector: cls.collector,
              studyId: cls.id,
              studySha256: 'c'.repeat(64),
              level: 'summary',
              idempotencyKey: newIdempotencyKey(),
              withdrawalSecret: newWithdrawalSecret(),
              createdAt: new Date().toISOString(),
              ciphertext: bodies[i]!,
            },
            3,
            () => {},
          );
          const done = performance.now();
          latencies.push(done - t);
          receipts.push(receipt);
          lastReceiptAt = Math.max(lastReceiptAt, done);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }),
    );
    const spread = lastReceiptAt - start;
    const deadline = performance.now() + 30_000;
    while (!feed.some((f) => f.donors === STUDENTS) && performance.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    const feedAll = feed.find((f) => f.donors === STUDENTS)?.at;
    await Promise.race([pageWatch, new Promise((res) => setTimeout(res, 30_000))]);
    controller.abort();

    // Stored exactly once: every receipt's donation is current, and there is nothing else.
    const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    const stored = (
      (await (await fetch(`${url}/admin/donations`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        donations: { donationId: string; sha256: string; withdrawnAt: string | null }[];
      }
    ).donations;
    const byId = new Map(stored.map((d) => [d.donationId, d]));
    const lost = receipts.filter((x) => byId.get(x.donationId)?.sha256 !== x.sha256 || byId.get(x.donationId)?.withdrawnAt).length;
    const extra = stored.length - receipts.length;
    const api = (await (await fetch(`${url}/api/class`)).json()) as { donors: number; shown: boolean };

    if (page) {
      await page.getByRole('heading', { name: 'How often do we push back on an assistant?' }).waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/classroom-present-60.png') });
    }

    log('');
    log(`students            ${STUDENTS} (${failures.length} failed${failures.length ? `: ${failures[0]}` : ''})`);
    log(`joined within       sends spread over ${(Math.max(...offsets) / 1000).toFixed(1)} s; first send to last receipt ${(spread / 1000).toFixed(1)} s`);
    log(`upload latency      p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))} (send to receipt; the class figures follow in the background)`);
    log(
      `stored exactly once ${receipts.length - lost}/${STUDENTS} stored, ${lost} lost, ${extra} extra rows; /api/class donors = ${api.donors}, shown = ${api.shown}`,
    );
    log(
      `live feed           all ${STUDENTS} shown ${feedAll !== undefined ? ms(feedAll - lastReceiptAt) : 'NEVER'} after the last receipt (${feed.length} updates in all)`,
    );
    log(
      `projector page      ${page ? (pageAllAt !== null ? `all ${STUDENTS} shown ${ms(Math.max(0, pageAllAt - lastReceiptAt))} after the last receipt` : 'NEVER showed all') : 'not measured (no Chromium)'}`,
    );
    const ok =
      failures.length === 0 &&
      lost === 0 &&
      extra === 0 &&
      api.donors === STUDENTS &&
      feedAll !== undefined &&
      feedAll - lastReceiptAt <= 2000 &&
      (!page || (pageAllAt !== null && pageAllAt - lastReceiptAt <= 2000));
    log(ok ? 'OK: every contribution stored once; the projector reflected the last one within 2 s' : 'FAILED: see above');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser?.close();
    await serve.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:classroom: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
