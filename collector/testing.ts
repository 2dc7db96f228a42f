/**
 * Test helpers: the real collector with faults a test can switch on (connections dropped, answers lost after the commit,
 * the collector killed in the middle of an upload), a `study serve` child process, and a valid donation payload built
 * by the shared core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDonation } from '../donation/payload';
import { readConversationFile } from '../cli/chatfile';
import type { DonationLevel } from '../model/donation';
import { runningCollector } from './donations';
import { startCollector, type CollectorOptions, type RunningCollector } from './server';
import type { DonationMeta, Store } from './store';

const ROOT = new URL('..', import.meta.url).pathname;

const CHATS = [
  {
    id: 'a1',
    messages: [
      {
        role: 'user',
        content: "Hi, I'm Alice Smith from Acme. Mail me at alice@example.com. How do I delve into Rust lifetimes?",
        timestamp: '2026-03-02T10:00:00Z',
      },
      { role: 'assistant', content: "Great question! Let's delve into the rich tapestry of Rust lifetimes.", timestamp: '2026-03-02T10:00:05Z' },
      { role: 'user', content: "No, that's wrong, lifetimes are not about memory.", timestamp: '2026-03-02T10:01:00Z' },
      { role: 'assistant', content: "You're right, my apologies. Lifetimes describe how long references are valid.", timestamp: '2026-03-02T10:01:05Z' },
    ],
  },
  {
    id: 'a2',
    messages: [
      { role: 'user', content: 'Write an email to my boss at Acme; my phone is +44 20 7946 0958.', timestamp: '2026-04-02T10:00:00Z' },
      { role: 'assistant', content: 'Certainly! Here is a draft you can adapt.', timestamp: '2026-04-02T10:00:05Z' },
    ],
  },
];
export const CHATS_JSONL = CHATS.map((c) => JSON.stringify(c)).join('\n') + '\n';

/** The serialized payload the core builds from CHATS for a study (what gets encrypted). */
export function samplePayload(studyId: string, level: DonationLevel = 'conversations', pad = 0): string {
  const conversations = readConversationFile(CHATS_JSONL, { site: 'chatgpt' })!.map((f) => f.conversation);
  const built = buildDonation(
    { conversations },
    {
      level,
      consent: { studyId, studySha256: 'a'.repeat(64), version: '1', at: Date.UTC(2026, 4, 1) },
      terms: ['Alice', 'Acme'],
      appVersion: '0.1.0',
      now: Date.UTC(2026, 4, 1),
    },
  );
  if (!pad) return built.json;
  // Larger donations for the benchmark: the same payload with a longer (valid) conversation.
  const p = JSON.parse(built.json) as { conversations: { messages: { content: string }[] }[] };
  p.conversations[0]!.messages[0]!.content += ' ' + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(pad / 27)).slice(0, pad);
  return JSON.stringify(p);
}

export type ServeProcess = { url: string; pid: number; child: ChildProcess; output: () => string; stop(): Promise<void>; kill9(): Promise<void> };

/** Runs `npm run study -- serve DIR …` (through tsx directly) and waits until it listens. */
export async function spawnServe(dir: string, args: string[] = [], timeoutMs = 180_000): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'cli/study.ts'), 'serve', dir, ...(args.includes('--port') ? [] : ['--port', '0']), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = runningCollector(dir);
    if (info?.url && /listening on/.test(out)) break;
    if (child.exitCode !== null) throw new Error(`study serve exited (${child.exitCode}): ${out}`);
    if (Date.now() > deadline) {
      // tsx runs the server in a child process of its own: end that one too, not only tsx.
      const claimed = runningCollector(dir)?.pid;
      if (claimed) process.kill(claimed, 'SIGKILL');
      child.kill('SIGKILL');
      throw new Error(`study serve did not start in ${timeoutMs} ms: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // tsx runs the script in a child process of its own: signals go to the server's own pid (from serve.json).
  const { url, pid } = runningCollector(dir)! as { url: string; pid: number };
  return {
    url,
    pid,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) process.kill(pid, 'SIGTERM');
      await exited;
    },
    async kill9() {
      process.kill(pid, 'SIGKILL');
      await exited;
    },
  };
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export type CollectorRequest = {
  method: string;
  path: string;
  /** The answer's status; 0 when the fault closed the connection without one. */
  status: number;
  at: number;
  userAgent: string;
};

export interface TestCollector {
  url: string;
  port: number;
  store: Store;
  /** Every request that reached the collector, in order. */
  requests: CollectorRequest[];
  /** The current donations (withdrawn ones excluded), by donation id, as the database holds them. */
  current(): Promise<Map<string, DonationMeta>>;
  /** The next n requests lose their connection before the collector reads them (nothing stored). */
  dropNext(n: number): void;
  /** The next n donations are committed, then the connection is closed before the answer (the client cannot know). */
  loseAnswerNext(n: number): void;
  /**
   * The next donation upload kills the collector as its body arrives: every connection is cut and the server stops
   * listening (connections are refused) until `restart()`; nothing of that upload is stored.
   */
  killMidUploadNext(): void;
  /** Resolves once a fault has killed the collector. */
  killed(): Promise<void>;
  listening(): boolean;
  stop(): Promise<void>;
  /** Listens again on the same port with the same store. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real collector (`startCollector` over the given store) on 127.0.0.1 with switchable faults. Every request is
 * recorded with its status. The store is the caller's: `close()` stops the server only.
 */
export async function startTestCollector(opts: CollectorOptions & { port?: number }): Promise<TestCollector> {
  const requests: CollectorRequest[] = [];
  let drop = 0;
  let loseAnswer = 0;
  let killUpload = false;
  let running: RunningCollector | null = null;
  let onKilled: (() => void)[] = [];
  let port = opts.port ?? 0;

  const record = (req: IncomingMessage, status: number) =>
    requests.push({
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      status,
      at: Date.now(),
      userAgent: String(req.headers['user-agent'] ?? ''),
    });

  const kill = async (r: RunningCollector) => {
    if (running !== r) return;
    running = null;
    await r.close();
    const waiting = onKilled;
    onKilled = [];
    for (const f of waiting) f();
  };

  const start = async () => {
    const r = await startCollector({ ...opts, host: '127.0.0.1', port });
    port = r.port;
    // Put the fault switch in front of the collector's own handler (the only 'request' listener startCollector adds).
    const [handler] = r.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    r.server.removeAllListeners('request');
    r.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (drop > 0) {
        drop--;
        record(req, 0);
        req.socket.destroy();
        return;
      }
      if (killUpload && req.method === 'POST') {
        killUpload = false;
        record(req, 0);
        // The handler never sees this request: the collector dies while the body is arriving.
        req.once('data', () => void kill(r));
        req.once('end', () => void kill(r));
        return;
      }
      if (loseAnswer > 0 && req.method === 'POST') {
        loseAnswer--;
        // The handler stores the donation (committed before it answers); its answer never leaves.
        res.writeHead = ((..._args: unknown[]) => {
          record(req, 0);
          req.socket.destroy();
          return res;
        }) as typeof res.writeHead;
      } else res.once('finish', () => record(req, res.statusCode));
      handler!(req, res);
    });
    running = r;
  };
  await start();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    store: opts.store,
    requests,
    async current() {
      return new Map((await opts.store.list()).filter((d) => !d.withdrawnAt).map((d) => [d.donationId, d]));
    },
    dropNext: (n) => void (drop = n),
    loseAnswerNext: (n) => void (loseAnswer = n),
    killMidUploadNext: () => void (killUpload = true),
    killed: () => (running ? new Promise<void>((r) => onKilled.push(r)) : Promise.resolve()),
    listening: () => running !== null,
    stop: async () => {
      if (running) await kill(running);
    },
    restart: async () => {
      if (!running) await start();
    },
    close: async () => {
      if (running) await kill(running);
    },
  };
}
