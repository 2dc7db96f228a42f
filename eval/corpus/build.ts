/**
 * Builds the real-dialogue corpus the act taggers are labelled, trained and tested on, from a local copy of
 * github.com/issacting93/Convo-topo (MIT; Chatbot Arena conversations, CC-BY-4.0, and WildChat, ODC-BY), at
 * commit c24138a2d402839fc0537c5a8baac8bdd250814b. Deterministic: the same folder gives the same file.
 *
 *   npx tsx eval/corpus/build.ts <Convo-topo work tree> [out.jsonl.gz]
 *
 * Keeps Chatbot Arena and WildChat conversations whose user turns are ≥ 80 % English, dedupes them by content
 * (the repository stores many conversations twice under different file names), recovers WildChat files cut
 * off mid-record up to their last complete message, and fixes the test split by a hash of the conversation id
 * (27 %), before any label or model exists.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CONVO_TOPO_COMMIT = 'c24138a2d402839fc0537c5a8baac8bdd250814b';
const DIRS = ['conversations-raw', 'conversations-filtered', 'conversations-selected', 'conversations-non-english', 'public', 'classifier'];
export const TEST_SHARE = 0.27;

export interface CorpusMessage { role: 'user' | 'assistant'; content: string; sha256: string }
export interface CorpusConversation {
  id: string;
  source: 'chatbot_arena' | 'wildchat' | 'hh-rlhf' | 'oasst';
  repo: 'issacting93/Convo-topo' | 'anthropics/hh-rlhf' | 'LAION-AI/Open-Assistant';
  path: string;
  split: 'train' | 'test';
  messages: CorpusMessage[];
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function parseRecovering(text: string): unknown {
  try { return JSON.parse(text); } catch { /* cut-off file: fall through */ }
  const start = text.indexOf('"messages"');
  if (start < 0) return null;
  for (let k = text.lastIndexOf('}'); k > start; k = text.lastIndexOf('}', k - 1)) {
    try { return JSON.parse(text.slice(0, k + 1) + ']}'); } catch { /* try an earlier brace */ }
  }
  return null;
}

/** The corpus's own English filter, as it was when the corpus was frozen (keeps `build.ts` reproducible). */
const STOP = new Set('the a an and or to of in is it you i that this for on with what how can be are my me your do not'.split(' '));
function corpusEnglish(t: string): boolean {
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  const ascii = (t.match(/[A-Za-z]/g) ?? []).length;
  if (letters > 0 && ascii / letters < 0.9) return false;
  const words = t.toLowerCase().match(/[a-z']+/g) ?? [];
  return words.length < 3 || words.filter((w) => STOP.has(w)).length / words.length > 0.12;
}

export function splitOf(id: string): 'train' | 'test' {
  return parseInt(sha256(`coevo-split-1:${id}`).slice(0, 8), 16) / 2 ** 32 < TEST_SHARE ? 'test' : 'train';
}

export function buildCorpus(root: string): CorpusConversation[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json')) files.push(p);
    }
  };
  for (const d of DIRS) walk(join(root, d));
  const byId = new Map<string, CorpusConversation>();
  for (const file of files) {
    const parsed = parseRecovering(readFileSync(file, 'utf8'));
    for (const c of (Array.isArray(parsed) ? parsed : [parsed]) as any[]) {
      if (!c || !Array.isArray(c.messages) || typeof c.id !== 'string') continue;
      const source = /wildchat/i.test(String(c.source ?? c.id)) ? 'wildchat' : /chatbot.?arena/i.test(String(c.source ?? c.id)) ? 'chatbot_arena' : null;
      if (!source) continue;
      const messages = c.messages
        .filter((m: any) => m && (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string')
        .map((m: any) => ({ role: m.role, content: m.content, sha256: sha256(m.content) }));
      const id = String(c.id).replace(/^conversations-filtered_/, '');
      const prev = byId.get(id);
      if (!prev || prev.messages.length < messages.length) {
        byId.set(id, { id, source, repo: 'issacting93/Convo-topo', path: relative(root, file), split: splitOf(id), messages });
      }
    }
  }
  const seen = new Set<string>();
  const out: CorpusConversation[] = [];
  for (const c of [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const users = c.messages.filter((m) => m.role === 'user');
    if (!users.length || !c.messages.some((m, i) => m.role === 'user' && c.messages[i + 1]?.role === 'assistant')) continue;
    if (users.filter((m) => corpusEnglish(m.content)).length / users.length < 0.8) continue;
    const key = c.messages.map((m) => m.content.trim().slice(0, 200)).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

if (process.argv[1]?.endsWith('build.ts')) {
  const [root, outFile = 'eval/corpus/convo-topo.jsonl.gz'] = process.argv.slice(2);
  if (!root) { console.error('usage: npx tsx eval/corpus/build.ts <Convo-topo work tree> [out.jsonl.gz]'); process.exit(2); }
  const corpus = buildCorpus(root);
  writeFileSync(outFile, gzipSync(corpus.map((c) => JSON.stringify(c)).join('\n') + '\n', { level: 9 }));
  const turns = (s: string) => corpus.filter((c) => c.split === s).reduce((n, c) => n + c.messages.filter((m, i) => m.role === 'user' && c.messages[i + 1]?.role === 'assistant').length, 0);
  console.log(`${corpus.length} conversations (${corpus.filter((c) => c.source === 'wildchat').length} WildChat); user turns with a reply: train ${turns('train')}, test ${turns('test')} → ${outFile}`);
}
