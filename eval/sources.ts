/**
 * Readers for the two real-dialogue sources the labelled set is drawn from (Anthropic HH-RLHF harmless-base
 * test, OpenAssistant en_100_tree). Used only to (re)build candidates for labelling; the eval itself reads
 * the self-contained label files, so it runs without these sources.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Where a dialogue came from, precisely enough to find it again in the source file. */
export interface SourceRef {
  file: string;
  /** 1-based line in the (decompressed) JSONL file. */
  line: number;
  /** HH: which side of the pair (`chosen`); OASST: the id of the last message on the path. */
  field?: string;
  messageId?: string;
}

export interface SourceDialogue {
  id: string;
  source: SourceRef;
  messages: ChatMessage[];
}

export const HH_FILE = 'hh_rlhf_harmless_base_test.jsonl.gz';
export const OASST_FILE = 'oasst1_en_100_tree.jsonl';

/** HH text is "\n\nHuman: …\n\nAssistant: …"; split on the speaker markers only at turn starts. */
function parseHH(text: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  const re = /\n\n(Human|Assistant):[ ]?/g;
  const marks: { role: 'user' | 'assistant'; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    marks.push({ role: m[1] === 'Human' ? 'user' : 'assistant', start: m.index, end: m.index + m[0].length });
  }
  marks.forEach((mk, i) => {
    const content = text.slice(mk.end, i + 1 < marks.length ? marks[i + 1].start : text.length).trim();
    out.push({ role: mk.role, content });
  });
  return out;
}

export function loadHH(dataDir: string): SourceDialogue[] {
  const raw = gunzipSync(readFileSync(join(dataDir, HH_FILE))).toString('utf8');
  return raw
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter((l) => l.line.trim())
    .map(({ line, n }) => ({
      id: `hh-harmless-test:${n}`,
      source: { file: HH_FILE, line: n, field: 'chosen' },
      messages: parseHH((JSON.parse(line) as { chosen: string }).chosen),
    }));
}

interface OasstNode {
  message_id: string;
  text: string;
  role: 'prompter' | 'assistant';
  rank?: number;
  deleted?: boolean;
  replies?: OasstNode[];
}

/**
 * One dialogue per prompter message that follows an assistant turn (the follow-ups are what the tags are
 * about): the path from the root to it, then its best-ranked reply when there is one.
 */
export function loadOasst(dataDir: string): SourceDialogue[] {
  const out: SourceDialogue[] = [];
  const lines = readFileSync(join(dataDir, OASST_FILE), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const tree = JSON.parse(line) as { prompt: OasstNode };
    const walk = (node: OasstNode, path: OasstNode[]) => {
      if (node.deleted) return;
      const here = [...path, node];
      if (node.role === 'prompter' && here.length >= 3) {
        const replies = (node.replies ?? []).filter((r) => !r.deleted);
        const best = [...replies].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))[0];
        const msgs = best ? [...here, best] : here;
        out.push({
          id: `oasst-en100:${node.message_id}`,
          source: { file: OASST_FILE, line: i + 1, messageId: node.message_id },
          messages: msgs.map((m) => ({ role: m.role === 'prompter' ? 'user' : 'assistant', content: m.text })),
        });
      }
      for (const r of node.replies ?? []) walk(r, here);
    };
    walk(tree.prompt, []);
  });
  return out;
}
