// Fuzz: ≥ 10,000 mutated or truncated copies of valid fixtures per importer (seeded, so failures replay).
// Every input must end in either a clear ImportError or conversations that pass the model's validator —
// never another exception, never a hang (each parse is timed).
import { describe, expect, it } from 'vitest';
import { conversationWithMessagesProblems } from '../../model/validate';
import { ImportError } from '../../importers/errors';
import { importSource } from '../../importers/index';
import { fixtureBytes } from '../../importers/fixtures/load';
import { buildChatGPTZip } from '../../importers/fixtures/make-zip';

const PER_IMPORTER = Number(process.env.COEVO_FUZZ_N ?? 10_000);
const STRUCTURAL = [...'{}[]",:\\\n\r<>&;'].map((c) => c.charCodeAt(0));

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let b = src;
  const rounds = 1 + Math.floor(r() * 3);
  for (let k = 0; k < rounds && b.length > 0; k++) {
    const at = Math.floor(r() * b.length);
    const len = 1 + Math.floor(r() * Math.min(64, b.length - at));
    switch (Math.floor(r() * 5)) {
      case 0: // flip a byte, often to a structural character
        b = splice(b, at, 1, Uint8Array.of(r() < 0.6 ? STRUCTURAL[Math.floor(r() * STRUCTURAL.length)] : Math.floor(r() * 256)));
        break;
      case 1: // truncate
        b = b.subarray(0, at);
        break;
      case 2: // delete a range
        b = splice(b, at, len, new Uint8Array(0));
        break;
      case 3: // duplicate a range
        b = splice(b, at, 0, b.slice(at, at + len));
        break;
      default: // insert a random byte
        b = splice(b, at, 0, Uint8Array.of(Math.floor(r() * 256)));
    }
  }
  return b;
}

async function parseOnce(bytes: Uint8Array, chunk: number) {
  const source = {
    name: 'fuzz',
    size: bytes.length,
    async *open() {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
  };
  let conversations = 0;
  for await (const ev of importSource(source)) {
    if (ev.type === 'conversation') {
      conversations++;
      const problems = conversationWithMessagesProblems(ev.conversation);
      if (problems.length) throw new Error(`invalid output: ${problems.join('; ')}`);
    }
  }
  return conversations;
}

/** JSON fixtures without indentation: every mutation then lands on content, and each parse is cheaper. */
const compact = (p: string) => new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(fixtureBytes(p)))));

const CASES: [string, () => Uint8Array][] = [
  ['chatgpt', () => compact('chatgpt/conversations.json')],
  ['claude', () => compact('claude/conversations-2025.json')],
  ['deepseek', () => compact('deepseek/conversations.json')],
  ['grok', () => compact('grok/prod-grok-backend.json')],
  ['gemini-json', () => compact('gemini/MyActivity.json')],
  ['gemini-html', () => fixtureBytes('gemini/MyActivity-en.html')],
  ['copilot-csv', () => fixtureBytes('copilot/copilot-activity.csv')],
  ['zip', () => buildChatGPTZip()],
];

describe('import fuzz', () => {
  it.each(CASES)('%s: mutated inputs give an ImportError or valid conversations', async (name, load) => {
    const base = load();
    const r = prng(name.length * 7919 + base.length);
    const outcomes = { ok: 0, importError: 0 };
    let slowest = 0;
    await parseOnce(base, 65536); // warm-up outside the timing (e.g. the month-name tables are built once)
    // The zip container wraps the ChatGPT importer (fuzzed above); its own share is smaller to keep the run short.
    const n = name === 'zip' ? Math.ceil(PER_IMPORTER / 10) : PER_IMPORTER;
    for (let i = 0; i < n; i++) {
      const input = mutate(base, r);
      // Mostly whole inputs; one in ten arrives in small chunks to exercise chunk boundaries.
      const chunk = r() < 0.1 ? 1 + Math.floor(r() * 256) : 65536;
      const t0 = performance.now();
      try {
        await parseOnce(input, chunk);
        outcomes.ok++;
      } catch (e) {
        if (!(e instanceof ImportError)) {
          throw new Error(`${name} input #${i} (chunk ${chunk}) threw ${String(e)}\n${Buffer.from(input).toString('utf8').slice(0, 2000)}`);
        }
        // (A plain check: 10,000 expect() calls cost more than the parses.)
        if (e.message.length < 20) throw new Error(`${name} input #${i}: unclear error message "${e.message}"`);
        outcomes.importError++;
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    expect(outcomes.ok + outcomes.importError).toBe(n);
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.importError).toBeGreaterThan(0);
    // Every parse is bounded: a few ms normally; the margin absorbs a heavily shared machine's pauses.
    expect(slowest).toBeLessThan(5000);
  }, 300_000); // ~4 s of CPU per importer; the generous limit is for a heavily shared machine
});
