/**
 * Real dialogue text for benchmarks and tagger tests: Anthropic HH-RLHF (harmless-base test, chosen side) and
 * OpenAssistant trees (first-ranked path), read from the shared data folder, and a deterministic synthetic
 * history builder that spreads them over time and sites, optionally injecting an AI-vocabulary or style shift.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ConversationWithMessages, Role, SiteId } from '../model/types';
import { makeConversation, rng } from '../analysis/testing';

export const SHARED_DATA = '/work/shared/data';

export type Dialogue = [Role, string][];

let cached: Dialogue[] | null = null;

/** All dialogues (HH first, then OASST), in file order. */
export function loadDialogues(dir = SHARED_DATA): Dialogue[] {
  if (cached) return cached;
  const out: Dialogue[] = [];
  const hh = gunzipSync(readFileSync(`${dir}/hh_rlhf_harmless_base_test.jsonl.gz`)).toString('utf8');
  for (const line of hh.split('\n')) {
    if (!line.trim()) continue;
    const parts = (JSON.parse(line).chosen as string).split(/\n\n(Human|Assistant): /).slice(1);
    const d: Dialogue = [];
    for (let i = 0; i + 1 < parts.length; i += 2) d.push([parts[i] === 'Human' ? 'user' : 'assistant', parts[i + 1].trim()]);
    if (d.length >= 2) out.push(d);
  }
  type Node = { text: string; role: string; rank?: number; replies?: Node[] };
  for (const line of readFileSync(`${dir}/oasst1_en_100_tree.jsonl`, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d: Dialogue = [];
    let node: Node | undefined = JSON.parse(line).prompt;
    while (node) {
      d.push([node.role === 'prompter' ? 'user' : 'assistant', node.text]);
      node = [...(node.replies ?? [])].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))[0];
    }
    if (d.length >= 2) out.push(d);
  }
  cached = out;
  return out;
}

const SITES: SiteId[] = ['chatgpt', 'claude', 'gemini', 'copilot'];

/** Sentences with AI-favoured words (Kobak/Juzek lists), as a person who picked them up might write. */
const AI_SENTENCES = [
  'It seems crucial to delve into this a bit more.',
  'That is a comprehensive and nuanced take, additionally it underscores the main issue.',
  'I want to showcase the intricate details here.',
  'Notably, this is a pivotal point that aligns with what I found.',
  'It is essential to navigate this landscape meticulously.',
  'This offers valuable insights and fosters a deeper understanding.',
];

export interface HistoryOptions {
  conversations: number;
  seed?: number;
  /** epoch ms of the first conversation (default 2024-01-01) */
  start?: number;
  /** days the history spans (default 365) */
  days?: number;
  /** From this fraction of the history on, user messages take up AI words (probability per message). */
  aiShift?: { from: number; probability: number };
  /** From this fraction on, user messages are written in the assistant's markdown style. */
  styleShift?: { from: number };
  /** Dress assistant replies in today's markdown style (lists, bold, em dashes); default true. */
  markdownAssistant?: boolean;
}

/** A deterministic history of real dialogue turns spread over time and sites. */
export function syntheticHistory(opts: HistoryOptions): ConversationWithMessages[] {
  const dialogues = loadDialogues();
  const rand = rng(opts.seed ?? 42);
  const start = opts.start ?? Date.UTC(2024, 0, 1);
  const span = (opts.days ?? 365) * 86_400_000;
  const out: ConversationWithMessages[] = [];
  for (let i = 0; i < opts.conversations; i++) {
    const d = dialogues[Math.floor(rand() * dialogues.length)];
    const frac = i / opts.conversations;
    const turns: Dialogue = d.map(([role, text]) => {
      if (role === 'assistant') return [role, opts.markdownAssistant === false ? text : dress(text, rand)];
      let t = text;
      if (opts.styleShift && frac >= opts.styleShift.from) t = `${t} ${assistantSentences(dialogues, rand)}`;
      if (opts.aiShift && frac >= opts.aiShift.from && rand() < opts.aiShift.probability) t = `${t} ${AI_SENTENCES[Math.floor(rand() * AI_SENTENCES.length)]}`;
      return [role, t];
    });
    const site = SITES[Math.floor(rand() * SITES.length)];
    out.push(makeConversation(`h${i}`, turns, { site, start: start + Math.floor(frac * span + rand() * 3_600_000), stepMs: 45_000 }));
  }
  return out;
}

/**
 * Two sentences from another dialogue's assistant reply, dressed like an assistant's: a person who has come to
 * write like their assistants (not a quote of the current conversation).
 */
function assistantSentences(dialogues: Dialogue[], rand: () => number): string {
  for (;;) {
    const d = dialogues[Math.floor(rand() * dialogues.length)];
    const replies = d.filter(([r]) => r === 'assistant').map(([, t]) => t);
    const text = replies[Math.floor(rand() * replies.length)];
    const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20);
    if (sentences.length >= 2) return dress(sentences.slice(0, 3).join(' '), rand);
  }
}

/** Markdown dressing: sentences become list items under a bold lead, joined by em dashes. */
function dress(text: string, rand: () => number): string {
  const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
  if (sentences.length < 3 || rand() < 0.4) return text;
  const [first, ...rest] = sentences;
  const items = rest.map((s) => `- ${s.replace(/,\s/, ' — ')}`);
  return `**${first}**\n\n${items.join('\n')}`;
}
