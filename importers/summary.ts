/**
 * Totals over imported conversations — what the CLI prints and the import panel shows: counts by role and
 * by assistant, the date range, branches, and what was skipped and why.
 */
import type { ConversationWithMessages, SiteId } from '../model/types';
import type { ImportStats } from './types';

export interface ImportSummary {
  conversations: number;
  messages: number;
  byRole: { user: number; assistant: number };
  bySite: Partial<Record<SiteId, { conversations: number; messages: number }>>;
  byFormat: Record<string, number>;
  /** Earliest and latest message time (epoch ms), null when no message had a time. */
  firstTime: number | null;
  lastTime: number | null;
  /** Messages on alternate branches (regenerated replies, edited prompts) and conversations having any. */
  alternateMessages: number;
  branchedConversations: number;
  skipped: Record<string, number>;
  skippedFiles: { file: string; reason: string }[];
  failedFiles: { file: string; error: string }[];
}

export function newSummary(): ImportSummary {
  return {
    conversations: 0,
    messages: 0,
    byRole: { user: 0, assistant: 0 },
    bySite: {},
    byFormat: {},
    firstTime: null,
    lastTime: null,
    alternateMessages: 0,
    branchedConversations: 0,
    skipped: {},
    skippedFiles: [],
    failedFiles: [],
  };
}

export function addConversation(s: ImportSummary, c: ConversationWithMessages): void {
  s.conversations++;
  s.messages += c.messages.length;
  const site = (s.bySite[c.site] ??= { conversations: 0, messages: 0 });
  site.conversations++;
  site.messages += c.messages.length;
  if (c.format) s.byFormat[c.format] = (s.byFormat[c.format] ?? 0) + 1;
  let alternates = 0;
  for (const m of c.messages) {
    s.byRole[m.role]++;
    if (!m.current) alternates++;
    if (m.time !== null) {
      if (s.firstTime === null || m.time < s.firstTime) s.firstTime = m.time;
      if (s.lastTime === null || m.time > s.lastTime) s.lastTime = m.time;
    }
  }
  s.alternateMessages += alternates;
  if (alternates) s.branchedConversations++;
}

export function addStats(s: ImportSummary, stats: ImportStats): void {
  for (const [reason, n] of Object.entries(stats.skipped)) s.skipped[reason] = (s.skipped[reason] ?? 0) + n;
}

/** Adds one file's totals to the running totals (files are counted only once they parsed completely). */
export function mergeSummary(into: ImportSummary, from: ImportSummary): void {
  into.conversations += from.conversations;
  into.messages += from.messages;
  into.byRole.user += from.byRole.user;
  into.byRole.assistant += from.byRole.assistant;
  for (const [site, v] of Object.entries(from.bySite)) {
    const t = (into.bySite[site as SiteId] ??= { conversations: 0, messages: 0 });
    t.conversations += v!.conversations;
    t.messages += v!.messages;
  }
  for (const [f, n] of Object.entries(from.byFormat)) into.byFormat[f] = (into.byFormat[f] ?? 0) + n;
  for (const t of [from.firstTime, from.lastTime]) {
    if (t === null) continue;
    if (into.firstTime === null || t < into.firstTime) into.firstTime = t;
    if (into.lastTime === null || t > into.lastTime) into.lastTime = t;
  }
  into.alternateMessages += from.alternateMessages;
  into.branchedConversations += from.branchedConversations;
  for (const [r, n] of Object.entries(from.skipped)) into.skipped[r] = (into.skipped[r] ?? 0) + n;
}

const day = (t: number | null) => (t === null ? '?' : new Date(t).toISOString().slice(0, 10));

/** The summary as plain lines for a terminal. */
export function formatSummary(s: ImportSummary): string {
  const lines = [`conversations: ${s.conversations}`, `messages:      ${s.messages} (person ${s.byRole.user}, assistant ${s.byRole.assistant})`];
  const sites = Object.entries(s.bySite);
  if (sites.length) {
    lines.push('per assistant:');
    for (const [site, v] of sites) lines.push(`  ${site.padEnd(12)} ${v!.conversations} conversations, ${v!.messages} messages`);
  }
  lines.push(`date range:    ${s.firstTime === null ? 'no dated messages' : `${day(s.firstTime)} … ${day(s.lastTime)}`}`);
  lines.push(`branches:      ${s.alternateMessages} alternate messages in ${s.branchedConversations} conversations (regenerated or edited)`);
  const skipped = Object.entries(s.skipped).sort((a, b) => b[1] - a[1]);
  if (skipped.length) {
    lines.push('skipped:');
    for (const [reason, n] of skipped) lines.push(`  ${String(n).padStart(6)}  ${reason}`);
  }
  if (s.skippedFiles.length) {
    lines.push('files not read:');
    for (const f of s.skippedFiles) lines.push(`  ${f.file}: ${f.reason}`);
  }
  if (s.failedFiles.length) {
    lines.push('FAILED (nothing from these files was kept):');
    for (const f of s.failedFiles) lines.push(`  ${f.file}: ${f.error}`);
  }
  return lines.join('\n');
}
