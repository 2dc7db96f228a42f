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

describe('the fuzz test can fail', () => {
  it('a converter that throws a TypeError is reported as our bug, not as a bad file', async () => {
    const { chatgptJson } = await import('../../importers/chatgpt');
    const create = chatgptJson.create;
    chatgptJson.create = () => ({
      item: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
      end: () => [],
    });
    try {
      const err = await parseOnce(compact('chatgpt/conversations.json'), 65536).catch((e) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect(err.code).toBe('internal');
      expect(err.message).toMatch(/a bug in Coevo/);
    } finally {
      chatgptJson.create = create;
    }
  });
});

/** Size, depth and expansion: shapes mutation of small fixtures never reaches. Each must end in a clear outcome. */
describe('import fuzz: size, depth and expansion', () => {
  const enc = (t: string) => new TextEncoder().encode(t);
  const conv = (title: string, mapping: string) => `{"title":${JSON.stringify(title)},"create_time":1,"mapping":${mapping},"current_node":null}`;
  it.each([
    ['nesting 100,000 deep inside a record', () => enc(`[${conv('deep', '{}').slice(0, -1)},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`)],
    ['nesting 100,000 deep at the top', () => enc('['.repeat(100_000) + ']'.repeat(100_000))],
    ['100,000 tiny records', () => enc(`[${Array.from({ length: 100_000 }, () => '{}').join(',')}]`)],
    [
      'one 20 MB message',
      () =>
        enc(
          `[${conv('big', `{"a":{"id":"a","parent":null,"children":[],"message":{"id":"a","author":{"role":"user"},"content":{"content_type":"text","parts":[${JSON.stringify('w '.repeat(10_000_000))}]},"create_time":1}}}`)}]`,
        ),
    ],
    [
      'a 10,000-node chain of hidden nodes',
      () => {
        const nodes: string[] = [];
        for (let i = 0; i < 10_000; i++)
          nodes.push(
            `"n${i}":{"id":"n${i}","parent":${i ? `"n${i - 1}"` : 'null'},"children":[],"message":{"id":"n${i}","author":{"role":"system"},"content":{"content_type":"text","parts":[""]}}}`,
          );
        nodes.push(
          `"u":{"id":"u","parent":"n9999","children":[],"message":{"id":"u","author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]},"create_time":1}}`,
        );
        return enc(`[${conv('hidden', `{${nodes.join(',')}}`)}]`);
      },
    ],
    ['a million-element array in a record', () => enc(`[${conv('arr', '{}').slice(0, -1)},"x":[${'0,'.repeat(1_000_000)}0]}]`)],
  ] as const)(
    '%s',
    async (_what, make) => {
      const input = make();
      const t0 = performance.now();
      try {
        await parseOnce(input, 65536);
      } catch (e) {
        if (!(e instanceof ImportError) || e.code === 'internal') throw e;
      }
      expect(performance.now() - t0).toBeLessThan(30_000);
    },
    60_000,
  );
});

describe('import fuzz', () => {
  it.each(CASES)(
    '%s: mutated inputs give an ImportError or valid conversations',
    async (name, load) => {
      const base = load();
      const r = prng(name.length * 7919 + base.length);
      const outcomes = { ok: 0, importError: 0 };
      let slowest = 0;
      await parseOnce(base, 65536); // warm-up outside the timing (e.g. the month-name tables are built once)
      // The zip importer gets as many cases as the others.
      const n = PER_IMPORTER;
      for (let i = 0; i < n; i++) {
        const input = mutate(base, r);
        // Mostly whole inputs; one in ten arrives in small chunks to exercise chunk boundaries.
        const chunk = r() < 0.1 ? 1 + Math.floor(r() * 256) : 65536;
        const t0 = performance.now();
        try {
          await parseOnce(input, chunk);
          outcomes.ok++;
        } catch (e) {
          // "The file is bad" passes; "our code threw" (not an ImportError, or one marked internal) fails.
          if (!(e instanceof ImportError) || e.code === 'internal') {
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
    },
    300_000,
  ); // ~4 s of CPU per importer; the generous limit is for a heavily shared machine
});
