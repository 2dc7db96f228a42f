/**
 * `npm run bench:store`: what keeping the counts row (storage/counts.ts) costs the writes, in real headless
 * Chromium: the same 1,500 conversations (~7,500 messages) merged into a fresh database in one transaction, merged
 * again (nothing new), and 200 one-message captures, each with and without the middleware, alternating in one run.
 * Options: --conversations <n> (default 1500), --rounds <n> (default 3).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { syntheticHistory } from './corpus';
import { browserPath, ROOT } from '../tests/e2e/harness';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || d : d);
const CONVERSATIONS = opt('--conversations', 1500);
const ROUNDS = opt('--rounds', 3);

interface Run {
  counted: boolean;
  first: number;
  again: number;
  captures: number;
}

async function main() {
  const { build } = await import('esbuild');
  const bundle = await build({ entryPoints: [join(ROOT, 'bench/store/page.ts')], bundle: true, format: 'iife', write: false, logLevel: 'error' });
  const convs = syntheticHistory({ conversations: CONVERSATIONS, seed: 3 });
  const messages = convs.reduce((n, c) => n + c.messages.length, 0);
  // IndexedDB needs a real origin: a page on 127.0.0.1, served by this process and stopped with it.
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.setHeader('content-type', 'text/javascript').end(bundle.outputFiles[0]!.text);
    else res.setHeader('content-type', 'text/html').end('<!doctype html><script src="/bench.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const runs = (await page.evaluate(
      ([c, r]) => (globalThis as unknown as { runStoreBench: (c: unknown, r: number) => Promise<unknown> }).runStoreBench(c, r),
      [convs, ROUNDS] as const,
    )) as Run[];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const line = (label: string, k: keyof Omit<Run, 'counted'>) => {
      const on = runs.filter((r) => r.counted).map((r) => r[k]);
      const off = runs.filter((r) => !r.counted).map((r) => r[k]);
      const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
      console.log(`${label}: with the counts row ${fmt(on)} | without ${fmt(off)} | ${((median(on) / median(off) - 1) * 100).toFixed(0)} %`);
    };
    console.log(`${messages.toLocaleString('en-US')} messages in ${CONVERSATIONS.toLocaleString('en-US')} conversations, ${ROUNDS} rounds each way`);
    line('merged into an empty store, one transaction', 'first');
    line('merged again (nothing new)                 ', 'again');
    line('200 one-message captures                   ', 'captures');
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
