/**
 * A class session end to end, on 127.0.0.1 only: `study init --classroom` and `study serve` (a real child process)
 * with the projector page open in real headless Chromium at 1920×1080. Six students contribute their summary: five
 * from their own seeded sample data (the core `coevo donate` uses: build, encrypt to the class key, the outbox's
 * delivery) and one with `coevo donate` itself from a chat file. With 4 the projector shows only the count; with 5 the
 * charts (axe: no serious or critical violations; keyboard navigation; screenshot for the README); a student leaving
 * (`coevo withdraw`) updates it; "End class" on the page deletes everything, and `study end` confirms it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../../collector/postgres-server';
import { spawnServe, type ServeProcess } from '../../collector/testing';
import { contribute, sampleStudentPayload, type Contribution } from '../../collector/classroom-testing';
import { parseStudy, type Study } from '../../donation/study';
import { classCode } from '../../donation/classroom';
import { generateSample } from '../../sample/generate';
import { main as study } from '../../cli/study';
import { initStudy, quiet } from '../../cli/testing';
import { run as donate } from '../../cli/donate';
import { run as withdraw } from '../../cli/withdraw';
import { browserPath, ROOT } from './harness';
import { axeSerious } from './ui-seed';

describe('class session: projector, k-anonymity, leaving, ending', () => {
  let root: string;
  let dir: string;
  let cls: Study;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let serveOut = '';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'coevo-class-e2e-'));
    dir = join(root, 'class');
    const port = await freePort();
    const init = await initStudy(dir, { title: 'Year 11 · Media studies', collector: `http://127.0.0.1:${port}` }, ['--classroom']);
    expect(init.code, init.err).toBe(0);
    cls = (await parseStudy(readFileSync(join(dir, 'study.json')))).study;
    expect(cls).toMatchObject({ kind: 'classroom', levels: ['summary'], collector: `http://127.0.0.1:${port}` });
    expect(init.out).toContain(`class code: ${classCode(cls.collector)}`);
    serve = await spawnServe(dir, ['--port', String(port)]);
    serveOut = serve.output();
    browser = await chromium.launch({
      executablePath: browserPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('count only until 5, then charts; leaving updates; ending deletes everything', async () => {
    expect(serveOut).toContain(`class code: ${classCode(cls.collector)}`);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/present#teacher=[0-9a-f]+)/.exec(serveOut)?.[1];
    expect(link, serveOut).toBeTruthy();
    await page.goto(link!);
    // The teacher token leaves the address bar at once (a projected address bar would show it).
    await expect.poll(() => page.url()).toBe(`${cls.collector}/present`);
    await page.getByText('Charts appear when 5 students have joined').waitFor();
    await page.getByText(classCode(cls.collector)).waitFor();

    // Five students' own sample data, one student with their own chats through `coevo donate`.
    const payloads = [101, 102, 103, 104, 105].map((seed) => sampleStudentPayload(cls, seed));
    const sent: Contribution[] = [];
    for (let i = 0; i < 4; i++) sent.push(await contribute(cls, payloads[i]!));
    await expect.poll(() => page.getByTestId('joined').textContent(), { timeout: 10_000 }).toBe('4');
    expect(await page.locator('canvas').count()).toBe(0);
    await page.getByTestId('waiting').waitFor();
    expect(await (await fetch(`${cls.collector}/api/class`)).json()).toEqual({ donors: 4, shown: false, threshold: 5 });
    mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/classroom-waiting.png') });

    sent.push(await contribute(cls, payloads[4]!));
    await expect.poll(() => page.getByTestId('joined').textContent(), { timeout: 10_000 }).toBe('5');
    await page.locator('canvas').waitFor();
    await expect.poll(() => page.getByTestId('sample').textContent()).toBe('5 of them with sample data');
    const api = (await (await fetch(`${cls.collector}/api/class`)).json()) as { shown: boolean; figures: { bins: { students: number }[]; shown: boolean }[] };
    expect(api.shown).toBe(true);
    for (const f of api.figures) if (f.shown) for (const b of f.bins) expect(b.students === 0 || b.students >= 5).toBe(true);
    expect(await axeSerious(page)).toEqual([]);

    // Keyboard: → next, End last, Home first (as in the extension's Present mode).
    const counter = page.getByTestId('counter');
    expect(await counter.textContent()).toBe('Chart 1 of 6');
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe('Chart 2 of 6');
    await page.keyboard.press('End');
    expect(await counter.textContent()).toBe('Chart 6 of 6');
    await page.keyboard.press('Home');
    expect(await counter.textContent()).toBe('Chart 1 of 6');
    await page.getByRole('heading', { name: 'How often do we push back on an assistant?' }).waitFor();
    await page.waitForTimeout(500); // chart.js animation
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/classroom-present.png') });

    // The sixth student donates with the CLI from their own chat file (not sample data).
    const chats = join(root, 'chats.jsonl');
    const own = generateSample(Date.UTC(2026, 10, 30), 106).slice(0, 120);
    writeFileSync(
      chats,
      own
        .map((c) =>
          JSON.stringify({
            id: c.id,
            messages: c.messages.map((m) => ({ role: m.role, content: m.text, timestamp: m.time == null ? undefined : new Date(m.time).toISOString() })),
          }),
        )
        .join('\n') + '\n',
    );
    const receipt = join(root, 'receipt.json');
    const d = await quiet(() => donate([chats, '--study', join(dir, 'study.json'), '--level', 'summary', '--site', 'chatgpt', '--yes', '--receipt', receipt]));
    expect(d.code, d.err).toBe(0);
    await expect.poll(() => page.getByTestId('joined').textContent(), { timeout: 10_000 }).toBe('6');
    expect(await page.getByTestId('sample').textContent()).toBe('5 of them with sample data');

    // That student leaves the class: their contribution is withdrawn and the projector follows.
    const w = await quiet(() => withdraw([receipt]));
    expect(w.code, w.err).toBe(0);
    await expect.poll(() => page.getByTestId('joined').textContent(), { timeout: 10_000 }).toBe('5');

    // The teacher ends the class from the projector page.
    await page.getByRole('button', { name: 'End class…' }).click();
    await page.getByRole('button', { name: 'Yes, end the class' }).click();
    await page.getByText('The class has ended').waitFor();
    await page.getByText('All 5 contributions were deleted').waitFor();
    expect(await (await fetch(`${cls.collector}/api/class`)).json()).toEqual({ donors: 0, shown: false, threshold: 5, ended: true });
    const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    const list = (await (await fetch(`${cls.collector}/admin/donations`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      donations: unknown[];
    };
    expect(list.donations).toEqual([]);
    const end = await quiet(() => study(['end', dir]));
    expect(end.code, end.err).toBe(0);
    expect(end.out).toContain('confirmed: the collector holds 0 contributions');
    // A late student is told the class has ended; nothing is stored.
    await expect(contribute(cls, payloads[0]!)).rejects.toThrow(/410: this class has ended/);
  });
});
