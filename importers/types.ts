/**
 * Contracts shared by every export importer: a format is either a JSON format (the file is a big array of
 * records, read one record at a time by `json-stream.ts`) or a text format (HTML, CSV) read as decoded text.
 * Both are pure: no browser, no storage; they turn bytes into normalized conversations.
 */
import type { ConversationWithMessages, SiteId } from '../model/types';

export type FormatId =
  | 'chatgpt-json'
  | 'chatgpt-messages-json'
  | 'claude-json'
  | 'gemini-takeout-json'
  | 'gemini-takeout-html'
  | 'deepseek-json'
  | 'grok-json'
  | 'copilot-csv'
  | 'coevo-json';

/** Counters an importer fills while it reads; the CLI summary and the dashboard show them. */
export interface ImportStats {
  /** Items deliberately not imported, by reason in plain words ("hidden system message", …). */
  skipped: Record<string, number>;
}

/**
 * What a Coevo backup holds besides conversations, read back as plain rows: its settings rows and the
 * person's verdicts. The importer checks only their shape; the store decides which settings a restore
 * applies (storage/settings.ts, `restoreSettings`).
 */
export interface BackupExtras {
  settings: { key: string; value: unknown }[];
  verdicts: { tagId: string; verdict: string; tagType: string; conversationId: string; at: number }[];
}

export interface ImportContext {
  /** Name of the file (or zip entry) being read, for messages. */
  file: string;
  stats: ImportStats;
  skip(reason: string, n?: number): void;
  /** Set by the Coevo backup reader: settings and verdicts to restore with the conversations. */
  extras?: BackupExtras;
}

export interface RecordConverter {
  /**
   * One array element (record number `n`, 1-based) in, zero or more finished conversations out. `wrapper` is
   * the key of the top-level array it came from (null for a bare array).
   */
  item(value: unknown, n: number, wrapper?: string | null): ConversationWithMessages[];
  /** End of input: flush what is still being grouped. */
  end(): ConversationWithMessages[];
}

export interface JsonFormat {
  kind: 'json';
  id: FormatId;
  site: SiteId;
  label: string;
  /** Does the file's first record look like this format? `wrapper` is the key holding the array, if any. */
  matches(first: unknown, wrapper: string | null): boolean;
  create(ctx: ImportContext): RecordConverter;
}

export interface TextFormat {
  kind: 'text';
  id: FormatId;
  site: SiteId;
  label: string;
  /** Does the first part of the decoded text look like this format? */
  matches(head: string): boolean;
  parse(text: AsyncIterable<string>, ctx: ImportContext): AsyncGenerator<ConversationWithMessages>;
}

export type ExportFormat = JsonFormat | TextFormat;

export function newStats(): ImportStats {
  return { skipped: {} };
}

export function makeContext(file: string, stats: ImportStats = newStats()): ImportContext {
  return {
    file,
    stats,
    skip(reason, n = 1) {
      stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
    },
  };
}
