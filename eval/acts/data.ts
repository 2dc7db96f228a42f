/**
 * The labelled real dialogue for the act models: the corpus (eval/corpus/*.jsonl.gz) joined with the labels
 * (eval/labels/acts/*.jsonl). A label names its conversation, the 0-based index of the user message and the
 * SHA-256 of that message's text; a label whose text no longer matches is an error, never silently used.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../corpus/batches';
import type { CorpusConversation } from '../corpus/build';
import type { Turn } from '../../analysis/acts/features';

export type Flag = 0 | 1 | '?';
export type Outcome = 'cap' | 'held' | 'none' | '?' | '-';

export interface ActLabel {
  conv: string;
  /** 0-based index of the user message in the conversation. */
  i: number;
  sha256: string;
  pushback: Flag;
  concession: Flag;
  delegation: Flag;
  /** Label of the assistant message i + 1, when the user message is a pushback. */
  outcome: Outcome;
  annotator: string;
  why: string;
}

export interface LabelledConversation {
  id: string;
  source: string;
  split: 'train' | 'test';
  turns: Turn[];
  labels: ActLabel[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const LABEL_DIR = join(here, '../labels/acts');
const CORPUS_FILES = [join(here, '../corpus/convo-topo.jsonl.gz'), join(here, '../corpus/hh-oasst.jsonl.gz')];

let corpusCache: Map<string, CorpusConversation> | null = null;
export function corpus(): Map<string, CorpusConversation> {
  if (!corpusCache) {
    corpusCache = new Map();
    for (const f of CORPUS_FILES) for (const c of readCorpus(f)) corpusCache.set(c.id, c);
  }
  return corpusCache;
}

export function readLabels(file: string): ActLabel[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l, n) => {
      try {
        return JSON.parse(l) as ActLabel;
      } catch {
        throw new Error(`${file}:${n + 1}: not JSON`);
      }
    });
}

/** Joins labels with the corpus, checking every label's message hash. */
function labelled(labels: readonly ActLabel[]): LabelledConversation[] {
  const byConv = new Map<string, LabelledConversation>();
  const all = corpus();
  for (const l of labels) {
    const c = all.get(l.conv);
    if (!c) throw new Error(`label for unknown conversation ${l.conv}`);
    const m = c.messages[l.i];
    if (!m || m.role !== 'user' || m.sha256 !== l.sha256) throw new Error(`label ${l.conv}#${l.i}: the message text does not match its SHA-256`);
    let lc = byConv.get(c.id);
    if (!lc)
      byConv.set(c.id, (lc = { id: c.id, source: c.source, split: c.split, turns: c.messages.map((x) => ({ role: x.role, text: x.content })), labels: [] }));
    lc.labels.push(l);
  }
  return [...byConv.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function loadSplit(split: 'train' | 'test'): LabelledConversation[] {
  return labelled(readLabels(join(LABEL_DIR, `${split}.jsonl`)));
}
