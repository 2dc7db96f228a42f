/**
 * The browser-side import driver: streams the chosen files through the importers (the same ones the CLI
 * uses), reports progress with time left, supports cancel, and stores each conversation file with ONE
 * `mergeConversations` call after it parsed completely — so a failed or cancelled file leaves the store
 * exactly as it was. (In a .zip each conversation file — e.g. each `conversations-NNN.json` shard — is
 * its own unit.)
 *
 * Memory: parsing is flat in file size; the normalized conversations of the one file in progress are held
 * until its single transaction (they are much smaller than the raw export, which is never held whole).
 */
import { importSource, ImportError, type ImportSource } from '../../importers/index';
import { addConversation, addStats, newSummary, type ImportSummary } from '../../importers/summary';
import type { FormatId } from '../../importers/types';
import type { ConversationWithMessages } from '../../model/types';
import type { CoevoDB } from '../../storage/db';
import { mergeConversations, type MergeResult } from '../../storage/merge';

export type FileStatus = 'imported' | 'failed' | 'cancelled' | 'not-read';

export interface FileResult {
  /** The chosen file, or `zip name/entry` for a file inside a .zip. */
  file: string;
  status: FileStatus;
  format: FormatId | null;
  summary: ImportSummary;
  messagesAdded: number;
  messagesUpdated: number;
  /** Conversation ids whose stored messages changed (to refresh analysis). */
  changed: string[];
  /** Why it failed or was not read, in plain words. */
  reason?: string;
}

export interface RunProgress {
  fileIndex: number;
  fileCount: number;
  file: string;
  /** Bytes read over all chosen files. */
  bytesRead: number;
  totalBytes: number;
  conversations: number;
  messages: number;
  /** Estimated seconds left (from the byte rate so far), null until it can be estimated. */
  secondsLeft: number | null;
  phase: 'reading' | 'saving';
}

export interface RunOptions {
  db: CoevoDB;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Called after each stored file (e.g. to show its result at once). */
  onFile?: (r: FileResult) => void;
  /** Storage write; defaults to `mergeConversations` (replaceable in tests). */
  merge?: (db: CoevoDB, convs: ConversationWithMessages[]) => Promise<MergeResult>;
  now?: () => number;
}

/** A browser File as an importer source, read with `File.stream()` (never loaded whole). */
export function fileAsSource(file: File): ImportSource {
  return {
    name: file.name,
    size: file.size,
    async *open() {
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

const isSource = (f: File | ImportSource): f is ImportSource => typeof (f as ImportSource).open === 'function';

/** Imports the files one after another; never throws for a bad file (its result says why). */
export async function runImport(files: (File | ImportSource)[], opts: RunOptions): Promise<FileResult[]> {
  const { db, signal, onProgress, onFile } = opts;
  const merge = opts.merge ?? mergeConversations;
  const now = opts.now ?? (() => Date.now());
  const sources = files.map((f) => (isSource(f) ? f : fileAsSource(f)));
  const totalBytes = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  const results: FileResult[] = [];
  const started = now();
  let doneBytes = 0; // bytes of files already finished
  let conversations = 0;
  let messages = 0;

  const progress = (i: number, file: string, bytesInFile: number, phase: RunProgress['phase']) => {
    if (!onProgress) return;
    const bytesRead = doneBytes + bytesInFile;
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0.5 ? bytesRead / elapsed : 0;
    onProgress({
      fileIndex: i,
      fileCount: sources.length,
      file,
      bytesRead,
      totalBytes,
      conversations,
      messages,
      secondsLeft: rate > 0 && totalBytes ? Math.max(0, (totalBytes - bytesRead) / rate) : null,
      phase,
    });
  };

  const push = (r: FileResult) => {
    results.push(r);
    onFile?.(r);
  };

  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if (signal?.aborted) {
      push({ file: source.name, status: 'cancelled', format: null, summary: newSummary(), messagesAdded: 0, messagesUpdated: 0, changed: [] });
      continue;
    }
    let unit: { file: string; format: FormatId | null; convs: ConversationWithMessages[]; summary: ImportSummary } | null = null;
    let bytesInFile = 0;
    const before = { conversations, messages };
    try {
      for await (const ev of importSource(source, {
        signal,
        onProgress: (p) => {
          bytesInFile = p.bytesRead;
          progress(i, p.entry ? `${p.file} › ${p.entry}` : p.file, bytesInFile, 'reading');
        },
      })) {
        if (ev.type === 'start') {
          unit = { file: ev.file, format: ev.format, convs: [], summary: newSummary() };
        } else if (ev.type === 'conversation' && unit) {
          unit.convs.push(ev.conversation);
          addConversation(unit.summary, ev.conversation);
          conversations++;
          messages += ev.conversation.messages.length;
        } else if (ev.type === 'end' && unit) {
          addStats(unit.summary, ev.stats);
          progress(i, ev.file, bytesInFile, 'saving');
          const m = unit.convs.length ? await merge(db, unit.convs) : { conversations: 0, messagesAdded: 0, messagesUpdated: 0, changed: [] };
          push({
            file: unit.file,
            status: 'imported',
            format: unit.format,
            summary: unit.summary,
            messagesAdded: m.messagesAdded,
            messagesUpdated: m.messagesUpdated,
            changed: m.changed,
          });
          before.conversations = conversations;
          before.messages = messages;
          unit = null;
        } else if (ev.type === 'skipped-file') {
          push({ file: ev.file, status: 'not-read', format: null, summary: newSummary(), messagesAdded: 0, messagesUpdated: 0, changed: [], reason: ev.reason });
        }
      }
    } catch (e) {
      // The file in progress is dropped whole: nothing of it was written.
      conversations = before.conversations;
      messages = before.messages;
      const cancelled = (e instanceof ImportError && e.code === 'cancelled') || signal?.aborted;
      push({
        file: unit?.file ?? source.name,
        status: cancelled ? 'cancelled' : 'failed',
        format: unit?.format ?? null,
        summary: newSummary(),
        messagesAdded: 0,
        messagesUpdated: 0,
        changed: [],
        reason: cancelled ? undefined : e instanceof Error ? e.message : String(e),
      });
    }
    doneBytes += source.size ?? bytesInFile;
    progress(i, source.name, 0, 'reading');
  }
  return results;
}
