/**
 * `npm run bench:import`: generates a realistic ChatGPT-shaped export (≥ 200 MB, and one half that size)
 * in a temp folder, then measures in one run: the streaming importer's throughput next to raw `JSON.parse`
 * of the same file, and peak heap of the importer on both sizes (it should not grow with the file).
 * Options: --mb <size of the large file, default 220>, --keep (keep the generated files).
 */
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importSource } from '../importers/index';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const args = process.argv.slice(2);
const bigMb = Number(args[args.indexOf('--mb') + 1]) > 0 && args.includes('--mb') ? Number(args[args.indexOf('--mb') + 1]) : 220;
const keep = args.includes('--keep');
const dir = join(tmpdir(), 'coevo-bench-import');
mkdirSync(dir, { recursive: true });

/** Deterministic PRNG (mulberry32) so every run benchmarks the same bytes. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is that for it as with was on be by this are or at from can which an not have use more ' +
  'delve model data function return value error example question answer because however therefore python ' +
  'café naïve über straße 東京 数据 модель données "quoted" back\\slash tab\tline new\nline emoji 🙂 code `x`'
).split(' ');

function text(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(WORDS[Math.floor(r() * WORDS.length)]);
    if (r() < 0.04) out.push('\n\n');
  }
  return out.join(' ');
}

/** One conversation in the export's shape: system node, user/assistant turns, a regenerated reply,
 *  tool calls, thoughts, multimodal parts and the metadata real exports carry. */
function conversation(r: () => number, n: number): object {
  const id = `bench-${n.toString(16).padStart(8, '0')}-4000-8000-000000000000`;
  const t0 = 1.6e9 + n * 3600 + r();
  const mapping: Record<string, object> = {};
  const node = (nid: string, parent: string | null, message: object | null) => {
    mapping[nid] = { id: nid, message, parent, children: [] as string[] };
    if (parent) (mapping[parent] as { children: string[] }).children.push(nid);
  };
  const msg = (mid: string, role: string, t: number, content: object, meta: object = {}, recipient = 'all') => ({
    id: mid,
    author: { role, name: role === 'tool' ? 'python' : null, metadata: {} },
    create_time: t,
    update_time: null,
    content,
    status: 'finished_successfully',
    end_turn: role === 'assistant' ? true : null,
    weight: 1.0,
    metadata: { citations: [], content_references: [], request_id: `req-${mid}`, timestamp_: 'absolute', message_type: null, ...meta },
    recipient,
    channel: null,
  });
  node('root', null, null);
  node('sys', 'root', msg('sys-m', 'system', t0, { content_type: 'text', parts: [''] }, { is_visually_hidden_from_conversation: true }));
  let parent = 'sys';
  let t = t0;
  const turns = 2 + Math.floor(r() * 12);
  for (let k = 0; k < turns; k++) {
    const u = `u${k}`;
    t += 30 + r() * 300;
    const parts: unknown[] = [text(r, 10 + Math.floor(r() * 120))];
    if (r() < 0.05)
      parts.push({ content_type: 'image_asset_pointer', asset_pointer: `file-service://file-${n}-${k}`, size_bytes: 12345, width: 512, height: 512 });
    node(u, parent, msg(`${id}-${u}`, 'user', t, { content_type: parts.length > 1 ? 'multimodal_text' : 'text', parts }));
    let p = u;
    if (r() < 0.15) {
      node(
        `th${k}`,
        p,
        msg(`${id}-th${k}`, 'assistant', t + 1, { content_type: 'thoughts', thoughts: [{ summary: 'Thinking', content: text(r, 60) }] }, { model_slug: 'o3' }),
      );
      p = `th${k}`;
    }
    if (r() < 0.1) {
      node(
        `call${k}`,
        p,
        msg(
          `${id}-call${k}`,
          'assistant',
          t + 2,
          { content_type: 'code', language: 'python', text: 'print(sum(range(10)))' },
          { model_slug: 'gpt-4o' },
          'python',
        ),
      );
      node(`out${k}`, `call${k}`, msg(`${id}-out${k}`, 'tool', t + 3, { content_type: 'execution_output', text: '45' }));
      p = `out${k}`;
    }
    const a = `a${k}`;
    node(
      a,
      p,
      msg(
        `${id}-${a}`,
        'assistant',
        t + 5,
        { content_type: 'text', parts: [text(r, 80 + Math.floor(r() * 600))] },
        { model_slug: 'gpt-4o', finish_details: { type: 'stop', stop_tokens: [200002] }, is_complete: true, parent_id: p },
      ),
    );
    if (r() < 0.1)
      node(
        `${a}b`,
        p,
        msg(`${id}-${a}b`, 'assistant', t + 9, { content_type: 'text', parts: [text(r, 80 + Math.floor(r() * 300))] }, { model_slug: 'gpt-4o' }),
      );
    parent = a;
  }
  return {
    title: text(r, 4).replace(/\n/g, ' '),
    create_time: t0,
    update_time: t,
    mapping,
    moderation_results: [],
    current_node: parent,
    plugin_ids: null,
    conversation_id: id,
    conversation_template_id: null,
    gizmo_id: null,
    gizmo_type: null,
    is_archived: false,
    is_starred: null,
    safe_urls: [],
    blocked_urls: [],
    default_model_slug: 'gpt-4o',
    conversation_origin: null,
    voice: null,
    async_status: null,
    disabled_tool_ids: [],
    id,
  };
}

/** Writes the export as one line, streaming, until it reaches `mb` megabytes. */
function generate(path: string, mb: number): number {
  const target = mb * 1024 * 1024;
  if (existsSync(path) && statSync(path).size >= target) return statSync(path).size;
  const fd = openSync(path, 'w');
  const r = prng(42);
  let size = 0;
  let buf = '[';
  let n = 0;
  while (size + Buffer.byteLength(buf) < target) {
    buf += (n ? ', ' : '') + JSON.stringify(conversation(r, n++));
    if (buf.length > 1 << 20) {
      size += writeSync(fd, buf);
      buf = '';
    }
  }
  size += writeSync(fd, `${buf}]`);
  closeSync(fd);
  return size;
}

interface Run {
  seconds: number;
  /** CPU seconds of this process (user + system): steadier than wall time on a shared machine. */
  cpu: number;
  peakHeap: number;
  conversations: number;
  messages: number;
}

async function streamImport(path: string): Promise<Run> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const timer = setInterval(sample, 20);
  let conversations = 0;
  let messages = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for await (const ev of importSource({ name: path, size: statSync(path).size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) })) {
    if (ev.type === 'conversation') {
      conversations++;
      messages += ev.conversation.messages.length;
      if ((conversations & 255) === 0) sample();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(c0));
  clearInterval(timer);
  sample();
  return { seconds, cpu, peakHeap: peak - base, conversations, messages };
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

function rawParse(path: string) {
  gc();
  const base = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const textValue = readFileSync(path, 'utf8');
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const value = JSON.parse(textValue) as unknown[];
  const t2 = performance.now();
  const parseCpu = cpuSeconds(process.cpuUsage(c1));
  const readCpu = cpuSeconds(process.cpuUsage(c0)) - parseCpu;
  const peak = process.memoryUsage().heapUsed - base;
  return { readSeconds: (t1 - t0) / 1000, parseSeconds: (t2 - t1) / 1000, readCpu, parseCpu, count: value.length, heap: peak };
}

const MB = 1024 * 1024;
const fmt = (x: number, d = 1) => x.toFixed(d);

async function main() {
  const big = join(dir, `conversations-${bigMb}mb.json`);
  const small = join(dir, `conversations-${Math.round(bigMb / 2)}mb.json`);
  let t = performance.now();
  const bigBytes = generate(big, bigMb);
  const smallBytes = generate(small, bigMb / 2);
  console.log(`generated ${fmt(bigBytes / MB)} MB and ${fmt(smallBytes / MB)} MB ChatGPT-shaped exports in ${dir} (${fmt((performance.now() - t) / 1000)} s)`);

  // Warm-up on the small file (JIT), then the measured runs.
  await streamImport(small);
  const s = await streamImport(small);
  const b = await streamImport(big);
  t = performance.now();
  const p = rawParse(big);
  const mbBig = bigBytes / MB;
  const importRate = mbBig / b.seconds;
  const parseRate = mbBig / p.parseSeconds;
  const readParseRate = mbBig / (p.readSeconds + p.parseSeconds);
  const importCpuRate = mbBig / b.cpu;
  const parseCpuRate = mbBig / p.parseCpu;
  console.log('');
  console.log(`file                      ${fmt(mbBig)} MB, ${b.conversations} conversations, ${b.messages} messages imported`);
  console.log('                          wall time            CPU time (steadier when the machine is shared)');
  console.log(
    `streaming importer        ${fmt(b.seconds, 2)} s ${fmt(importRate).padStart(6)} MB/s   ${fmt(b.cpu, 2)} s ${fmt(importCpuRate).padStart(6)} MB/s   (read + scan + JSON.parse per record + normalize + validate)`,
  );
  console.log(
    `raw JSON.parse            ${fmt(p.parseSeconds, 2)} s ${fmt(parseRate).padStart(6)} MB/s   ${fmt(p.parseCpu, 2)} s ${fmt(parseCpuRate).padStart(6)} MB/s   (string already in memory; reading it took ${fmt(p.readSeconds, 2)} s more)`,
  );
  console.log(
    `ratio importer/JSON.parse ${fmt(importRate / parseRate, 2)} wall, ${fmt(importCpuRate / parseCpuRate, 2)} CPU (parse only); ${fmt(importRate / readParseRate, 2)} wall vs read + parse; target ≥ 0.25`,
  );
  console.log('');
  console.log(`peak heap, importer       ${fmt(s.peakHeap / MB)} MB on ${fmt(smallBytes / MB)} MB  vs  ${fmt(b.peakHeap / MB)} MB on ${fmt(mbBig)} MB`);
  console.log(`peak heap, JSON.parse     ${fmt(p.heap / MB)} MB on ${fmt(mbBig)} MB (string + parsed tree)`);
  if (p.count !== b.conversations) console.log(`note: JSON.parse saw ${p.count} records, the importer kept ${b.conversations} conversations`);
  if (!keep) {
    rmSync(big, { force: true });
    rmSync(small, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
