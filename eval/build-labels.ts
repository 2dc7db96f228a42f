/**
 * Turns the hand annotations (eval/labels/annotations.txt) into the self-contained label files the evaluator
 * reads (eval/labels/dev.jsonl, eval/labels/heldout.jsonl). It re-runs the seeded candidate selection
 * (eval/select.ts) to map each candidate id to its source dialogue, copies only the excerpt needed (the
 * dialogue up to the labelled turn and the reply after it), and splits dev/held-out by conversation.
 *
 *   npx tsx eval/build-labels.ts [dataDir]      (dataDir defaults to ../shared/data)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { hash53 } from '../model/ids';
import type { TagType } from '../model/tags';
import { HH_FILE, loadHH, loadOasst, parseHH, type ChatMessage, type SourceDialogue, type SourceRef } from './sources';
import { allCandidates } from './select';

export interface Label {
  index: number;
  type: TagType;
  value: boolean;
  why: string;
}

export interface LabelledConversation {
  id: string;
  /**
   * dev: tuning; heldout: tuned on in phase 2 only (see eval/README.md); test: labelled after the first held-out
   * run; final: labelled after phase 2, never tuned on; final2: labelled before the generalisation rework was
   * measured on it, never tuned on.
   */
  split: 'dev' | 'heldout' | 'test' | 'final' | 'final2';
  source: SourceRef & { note?: string };
  messages: ChatMessage[];
  labels: Label[];
}

/** Share of conversation groups that go to the held-out split. */
const HELDOUT_PERCENT = 40;

interface Annotation {
  cid: string;
  p: string;
  c: string;
  d: string;
  outcome: string;
  why: string;
}

function readAnnotations(path: string): Annotation[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => /^c\d{4}r?\|/.test(l))
    .map((l) => {
      const [cid, p, c, d, outcome, ...rest] = l.split('|');
      return { cid, p, c, d, outcome, why: rest.join('|').trim() };
    });
}

/**
 * Conversations that are copies of each other (HH has duplicate dialogues; OASST paths share a tree) must
 * land in the same split, or held-out would leak into dev: HH groups by its opening exchange, OASST by tree.
 */
function groupKey(d: SourceDialogue): string {
  if (d.id.startsWith('oasst')) return `oasst-tree:${d.source.line}`;
  return `hh:${d.messages
    .slice(0, 2)
    .map((m) => m.content.toLowerCase().replace(/\s+/g, ' ').trim())
    .join('|')}`;
}

export function splitOf(key: string): 'dev' | 'heldout' {
  return parseInt(hash53(key), 36) % 100 < HELDOUT_PERCENT ? 'heldout' : 'dev';
}

function userLabels(a: Annotation, index: number): Label[] {
  const out: Label[] = [];
  const add = (flag: string, type: TagType) => {
    if (flag === '1' || flag === '0') out.push({ index, type, value: flag === '1', why: a.why });
  };
  add(a.p, 'user-pushback');
  add(a.c, 'user-concession');
  add(a.d, 'delegation');
  return out;
}

/** Outcome labels sit on the assistant reply after the user turn (the message a capitulation tag is about). */
function outcomeLabels(a: Annotation, replyIndex: number, pushback: string): Label[] {
  const both = (cap: boolean, held: boolean): Label[] => [
    { index: replyIndex, type: 'assistant-capitulation', value: cap, why: a.why },
    { index: replyIndex, type: 'assistant-held-position', value: held, why: a.why },
  ];
  if (pushback === '0') return both(false, false);
  if (a.outcome === 'cap') return both(true, false);
  if (a.outcome === 'held') return both(false, true);
  if (a.outcome === 'none') return both(false, false);
  return [];
}

export function buildLabels(dataDir: string, annotationsPath: string): LabelledConversation[] {
  const dialogues = new Map([...loadHH(dataDir), ...loadOasst(dataDir)].map((d) => [d.id, d]));
  const cands = new Map(allCandidates(dataDir).map((c) => [c.cid, c]));
  const hhRaw = gunzipSync(readFileSync(join(dataDir, HH_FILE))).toString('utf8').split('\n');
  const byDialogue = new Map<string, { d: SourceDialogue; maxIndex: number; labels: Label[]; round?: 'test' | 'final' | 'final2' }>();
  const extra: LabelledConversation[] = [];
  const annotations = readAnnotations(annotationsPath);
  const byCid = new Map(annotations.map((a) => [a.cid, a]));

  for (const a of annotations) {
    const rejected = a.cid.endsWith('r');
    const cand = cands.get(rejected ? a.cid.slice(0, -1) : a.cid);
    if (!cand) throw new Error(`annotation ${a.cid} has no candidate (selection changed?)`);
    const d = dialogues.get(cand.dialogueId);
    if (!d) throw new Error(`candidate ${cand.cid} points at a missing dialogue ${cand.dialogueId}`);
    const i = cand.index;
    if (d.messages[i]?.role !== 'user') throw new Error(`${a.cid}: turn ${i} of ${d.id} is not a user turn`);
    if (rejected) {
      // The same dialogue, but ending with the pair's rejected reply to that user turn.
      const pair = JSON.parse(hhRaw[d.source.line - 1]) as { rejected: string };
      const rej = parseHH(pair.rejected);
      const pushback = byCid.get(cand.cid)?.p ?? '?';
      const labels = outcomeLabels(a, i + 1, pushback);
      if (!labels.length) continue;
      extra.push({
        id: `${d.id}#rejected`,
        split: splitOf(groupKey(d)),
        source: { ...d.source, field: 'chosen (turns 0..n-1) + rejected (last turn)' },
        messages: [...d.messages.slice(0, i + 1), rej[i + 1]],
        labels,
      });
      continue;
    }
    const round = cand.pools.some((p) => p.startsWith('r6-')) ? 'final2' : cand.pools.some((p) => p.startsWith('r4-') || p.startsWith('r5-')) ? 'final' : cand.pools.some((p) => p.startsWith('r3-')) ? 'test' : undefined;
    const entry = byDialogue.get(d.id) ?? { d, maxIndex: -1, labels: [], round };
    entry.labels.push(...userLabels(a, i));
    if (d.messages[i + 1]) entry.labels.push(...outcomeLabels(a, i + 1, a.p));
    entry.maxIndex = Math.max(entry.maxIndex, d.messages[i + 1] ? i + 1 : i);
    byDialogue.set(d.id, entry);
  }

  const main: LabelledConversation[] = [...byDialogue.values()].map(({ d, maxIndex, labels, round }) => ({
    id: d.id,
    split: round ?? splitOf(groupKey(d)),
    source: d.source,
    messages: d.messages.slice(0, maxIndex + 1),
    labels: labels.sort((x, y) => x.index - y.index || x.type.localeCompare(y.type)),
  }));
  return [...main, ...extra].sort((x, y) => x.id.localeCompare(y.id, 'en', { numeric: true }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.argv[2] ?? '../shared/data';
  const here = new URL('.', import.meta.url).pathname;
  const rows = buildLabels(dataDir, join(here, 'labels/annotations.txt'));
  for (const split of ['dev', 'heldout', 'test', 'final', 'final2'] as const) {
    const lines = rows.filter((r) => r.split === split).map((r) => JSON.stringify(r));
    writeFileSync(join(here, `labels/${split}.jsonl`), lines.join('\n') + '\n');
    process.stdout.write(`${split}: ${lines.length} conversations\n`);
  }
}
