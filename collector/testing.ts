/** Test helpers: a `study serve` child process, and a valid donation payload built by the shared core. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDonation } from '../donation/payload';
import { readConversationFile } from '../cli/chatfile';
import type { DonationLevel } from '../model/donation';
import { runningCollector, SERVE_FILE } from './donations';

export const ROOT = new URL('..', import.meta.url).pathname;

export const CHATS = [
  {
    id: 'a1',
    messages: [
      { role: 'user', content: "Hi, I'm Alice Smith from Acme. Mail me at alice@example.com. How do I delve into Rust lifetimes?", timestamp: '2026-03-02T10:00:00Z' },
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
    { level, consent: { studyId, studySha256: 'a'.repeat(64), version: '1', at: Date.UTC(2026, 4, 1) }, terms: ['Alice', 'Acme'], appVersion: '0.1.0', now: Date.UTC(2026, 4, 1) },
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
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'cli/study.ts'), 'serve', dir, ...(args.includes('--port') ? [] : ['--port', '0']), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

export const serveFileExists = (dir: string) => existsSync(join(dir, SERVE_FILE));
export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
