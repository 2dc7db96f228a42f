/**
 * The browser-side import driver: streams the chosen files through the importers (the same ones the CLI
 * uses), reports progress with time left, supports cancel, and stores each conversation file in ONE
 * transaction after it parsed completely — so a failed or cancelled file leaves the store exactly as it was.
 * (In a .zip each conversation file — e.g. each `conversations-NNN.json` shard — is its own unit.)
 *
 * Retention: before a file is stored, history in it that the retention rule ("keep N days") would delete is
 * counted, and `confirmOlder` asks the person whether to import it anyway, keep it by turning retention off,
 * or leave the file out. A Coevo backup also restores its verdicts and the settings that belong with the data
 * (storage/settings.ts says which, and why).
 *
 * Memory: flat in file size. Parsing streams, and the normalized conversations are staged in batches
 * (`storage/staging.ts`) while the file is read, then merged chunk by chunk inside that one transaction.
 */
import { importSource, ImportError, type BackupExtras, type ImportSource } from '../../importers/index';
import { AgeTally, retentionCutoff, type OlderHistory } from '../../importers/retention';
import { addConversation, addStats, newSummary, type ImportSummary } from '../../importers/summary';
import type { FormatId } from '../../importers/types';
import type { ConversationWithMessages } from '../../model/types';
import type { CoevoDB } from '../../storage/db';
import type { MergeResult } from '../../storage/merge';
import { commitStaged, discardStaged, stage } from '../../storage/staging';
import { getSettings, restoreSettings, updateSettings } from '../../storage/settings';
import { restoreVerdicts } from '../../storage/verdicts';

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
  /** What a Coevo backup restored besides conversations: the settings' keys and the number of verdicts. */
  restored?: { settings: string[]; verdicts: number };
  /** History in the file older than the retention window, and what the person chose for it. */
  older?: OlderHistory & { retentionDays: number; answer: OlderAnswer };
}

/**
 * The person's choice when a file holds history older than the retention window: store it (retention deletes it
 * at its next daily run), store it and turn retention off so it is kept, or leave the file out.
 */
export type OlderAnswer = 'import' | 'keep' | 'skip';

export interface OlderQuestion extends OlderHistory {
  file: string;
  /** The window in force after this file (a backup may restore its own). */
  retentionDays: number;
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
  /** Merges a unit's staged conversations into the store; defaults to `commitStaged` (replaceable in tests). */
  commit?: (db: CoevoDB, importId: string) => Promise<MergeResult>;
  /**
   * Asked once per run, before storing the first file with history older than the retention window; the answer
   * holds for the rest of the run. Without it such history is stored (and retention deletes it later).
   */
  confirmOlder?: (q: OlderQuestion) => Promise<OlderAnswer>;
  /** Conversations staged per write while a file is read. */
  batchSize?: number;
  now?: () => number;
}

/** A browser File as an importer source, read with `File.stream()` (never loaded whole). */
function fileAsSource(file: File): ImportSource {
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

const emptyResult = (file: string, status: FileStatus): FileResult => ({
  file,
  status,
  format: null,
  summary: newSummary(),
  messagesAdded: 0,
  messagesUpdated: 0,
  changed: [],
});

/** The history of a read file that retention would delete, under the window in force once it is stored. */
async function olderHistory(db: CoevoDB, ages: AgeTally, extras: BackupExtras | undefined, now: number): Promise<OlderHistory & { retentionDays: number }> {
  const restoring = extras?.settings.find((r) => r.key === 'retentionDays')?.value;
  const retentionDays = typeof restoring === 'number' && Number.isInteger(restoring) && restoring >= 0 ? restoring : (await getSettings(db)).retentionDays;
  return { ...ages.olderThan(retentionCutoff(retentionDays, now)), retentionDays };
}

async function restoreBackup(db: CoevoDB, extras: BackupExtras): Promise<{ settings: string[]; verdicts: number }> {
  return { settings: await restoreSettings(db, extras.settings), verdicts: await restoreVerdicts(db, extras.verdicts) };
}

/** Imports the files one after another; never throws for a bad file (its result says why). */
export async function runImport(files: (File | ImportSource)[], opts: RunOptions): Promise<FileResult[]> {
  const { db, signal, onProgress, onFile } = opts;
  const commit = opts.commit ?? ((d: CoevoDB, id: string) => commitStaged(d, id));
  const batchSize = opts.batchSize ?? 100;
  const now = opts.now ?? (() => Date.now());
  const sources = files.map((f) => (isSource(f) ? f : fileAsSource(f)));
  const totalBytes = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  const results: FileResult[] = [];
  const started = now();
  let doneBytes = 0; // bytes of files already finished
  let conversations = 0;
  let messages = 0;
  let olderAnswer: OlderAnswer | null = null;

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
      push(emptyResult(source.name, 'cancelled'));
      continue;
    }
    // The conversation file in progress: its conversations go to the staging table a batch at a time.
    let unit: {
      id: string;
      file: string;
      format: FormatId | null;
      batch: ConversationWithMessages[];
      staged: number;
      summary: ImportSummary;
      ages: AgeTally;
    } | null = null;
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
          unit = {
            id: `${started}-${i}-${ev.file}-${now()}`,
            file: ev.file,
            format: ev.format,
            batch: [],
            staged: 0,
            summary: newSummary(),
            ages: new AgeTally(),
          };
        } else if (ev.type === 'conversation' && unit) {
          unit.batch.push(ev.conversation);
          addConversation(unit.summary, ev.conversation);
          unit.ages.add(ev.conversation);
          conversations++;
          messages += ev.conversation.messages.length;
          if (unit.batch.length >= batchSize) {
            await stage(db, unit.id, unit.batch);
            unit.staged += unit.batch.length;
            unit.batch = [];
          }
        } else if (ev.type === 'end' && unit) {
          addStats(unit.summary, ev.stats);
          progress(i, ev.file, bytesInFile, 'saving');
          await stage(db, unit.id, unit.batch);
          unit.staged += unit.batch.length;
          unit.batch = [];
          const older = await olderHistory(db, unit.ages, ev.extras, now());
          if (older.conversations && !olderAnswer) olderAnswer = opts.confirmOlder ? await opts.confirmOlder({ file: unit.file, ...older }) : 'import';
          const answer = older.conversations ? olderAnswer! : null;
          if (answer === 'skip') {
            await discardStaged(db, unit.id);
            conversations = before.conversations;
            messages = before.messages;
            push({ ...emptyResult(unit.file, 'cancelled'), format: unit.format, older: { ...older, answer } });
            unit = null;
            continue;
          }
          const m = unit.staged ? await commit(db, unit.id) : { conversations: 0, messagesAdded: 0, messagesUpdated: 0, changed: [] };
          const restored = ev.extras ? await restoreBackup(db, ev.extras) : undefined;
          // After a backup's own retention rule: the person's choice to keep this history wins.
          if (answer === 'keep') await updateSettings(db, { retentionDays: 0 });
          push({
            file: unit.file,
            status: 'imported',
            format: unit.format,
            summary: unit.summary,
            messagesAdded: m.messagesAdded,
            messagesUpdated: m.messagesUpdated,
            changed: m.changed,
            ...(restored ? { restored } : {}),
            ...(answer ? { older: { ...older, answer } } : {}),
          });
          before.conversations = conversations;
          before.messages = messages;
          unit = null;
        } else if (ev.type === 'skipped-file') {
          push({ ...emptyResult(ev.file, 'not-read'), reason: ev.reason });
        }
      }
    } catch (e) {
      // The file in progress is dropped whole: only its staged rows were written, and they go.
      if (unit) await discardStaged(db, unit.id).catch(() => undefined);
      conversations = before.conversations;
      messages = before.messages;
      const cancelled = (e instanceof ImportError && e.code === 'cancelled') || signal?.aborted;
      push({
        ...emptyResult(unit?.file ?? source.name, cancelled ? 'cancelled' : 'failed'),
        format: unit?.format ?? null,
        reason: cancelled ? undefined : e instanceof Error ? e.message : String(e),
      });
    }
    doneBytes += source.size ?? bytesInFile;
    progress(i, source.name, 0, 'reading');
  }
  return results;
}
