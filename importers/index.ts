/**
 * The importers' front door: the registry of export formats, detection from content (not the file name),
 * and `importSource`, which streams one file (or every conversation file inside a .zip) and yields
 * normalized conversations one at a time, with progress and cancellation. The extension's import panel and
 * the CLI both go through here.
 */
import type { ConversationWithMessages, SiteId } from '../model/types';
import { conversationWithMessagesProblems } from '../model/validate';
import { chatgptJson } from './chatgpt';
import { claudeJson } from './claude';
import { coevoJson } from './coevo';
import { copilotCsv } from './copilot';
import { deepseekJson } from './deepseek';
import { ImportError, throwIfAborted, withWhere } from './errors';
import { geminiHtml, geminiJson } from './gemini';
import { grokJson } from './grok';
import { JSON_LIMITS, jsonRecords } from './json-stream';
import { makeContext, newStats, type BackupExtras, type ExportFormat, type FormatId, type ImportStats, type JsonFormat, type TextFormat } from './types';
import { decodeText } from './util';
import { isZip, zipEntries } from './zip';

export { ImportError } from './errors';
export type { BackupExtras, FormatId, ImportStats } from './types';

/** Every format, in detection order. */
const FORMATS: ExportFormat[] = [coevoJson, chatgptJson, claudeJson, deepseekJson, grokJson, geminiJson, geminiHtml, copilotCsv];

/** What each format is and how a person gets it (shown in the import panel and the README). */
export const FORMAT_HELP: Record<FormatId, { site: SiteId; label: string; howTo: string }> = {
  'chatgpt-json': { site: 'chatgpt', label: 'ChatGPT', howTo: 'Settings → Data controls → Export data; open the emailed link and choose the .zip.' },
  'chatgpt-messages-json': { site: 'chatgpt', label: 'ChatGPT (messages list)', howTo: 'A conversation listing its messages (older/paged dumps).' },
  'claude-json': { site: 'claude', label: 'Claude', howTo: 'Settings → Privacy → Export data; open the emailed link and choose the .zip.' },
  'gemini-takeout-json': {
    site: 'gemini',
    label: 'Gemini (Takeout JSON)',
    howTo: 'takeout.google.com → My Activity → choose JSON, filter to "Gemini Apps"; choose the .zip.',
  },
  'gemini-takeout-html': {
    site: 'gemini',
    label: 'Gemini (Takeout HTML)',
    howTo: 'takeout.google.com → My Activity, filter to "Gemini Apps"; choose the .zip.',
  },
  'deepseek-json': { site: 'deepseek', label: 'DeepSeek', howTo: 'Settings → Data → Export all chat history; choose the .zip or conversations.json.' },
  'grok-json': { site: 'grok', label: 'Grok', howTo: 'grok.com Settings → Data controls → Export Account Data; choose the emailed .zip.' },
  'copilot-csv': {
    site: 'copilot',
    label: 'Microsoft Copilot',
    howTo: 'account.microsoft.com/privacy → Copilot activity history → Export all activity history; choose the .csv.',
  },
  // `site` is only the format's home for display; a backup restores every assistant's conversations as they were.
  'coevo-json': { site: 'chatgpt', label: 'Coevo backup', howTo: 'Coevo Settings → Export all data (JSON): the file restores here or with `coevo import`.' },
};

/** Inside a .zip, only these entries can hold conversations; other files are skipped without reading. */
const ZIP_CANDIDATE = /\.(json|html?|csv)$/i;
/** In a .zip or folder, ChatGPT-shaped records are read only from its conversation files: the same export
 *  holds other files with `mapping` trees (e.g. model_comparisons.json) that would count twice. */
const ZIP_NAMES: Partial<Record<FormatId, RegExp>> = {
  'chatgpt-json': /conversation[^/]*\.json$/i,
};

export interface ImportSource {
  /** File name (or path) as the person chose it. */
  name: string;
  /** Total bytes, when known, for progress and time left. */
  size?: number;
  /** Opens the file as a byte stream (browser: `File.stream()`, Node: `fs.createReadStream`). */
  open(): AsyncIterable<Uint8Array>;
}

export interface ImportProgress {
  /** The chosen file; `entry` is the file inside a .zip being read. */
  file: string;
  entry?: string;
  bytesRead: number;
  totalBytes: number | null;
  conversations: number;
  messages: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Skip (with a `skipped-file` event) instead of failing when the file is not a known export — for files
   *  found in a folder rather than chosen one by one. Entries inside a .zip are always treated this way. */
  lenient?: boolean;
}

/**
 * Events, in order, for one source: per conversation file (the file itself, or each zip entry) a `start`,
 * its `conversation`s, and an `end` once the whole file parsed — only then is it safe to store them.
 */
export type ImportEvent =
  | { type: 'start'; file: string; format: FormatId | null }
  | { type: 'conversation'; file: string; conversation: ConversationWithMessages }
  | { type: 'end'; file: string; format: FormatId | null; conversations: number; messages: number; stats: ImportStats; extras?: BackupExtras }
  | { type: 'skipped-file'; file: string; reason: string };

const HEAD_BYTES = 64 * 1024;
const TOO_LARGE = `record larger than ${Math.round(JSON_LIMITS.recordBytes / 1048576)} MB, not read`;
const UTF8 = new TextDecoder('utf-8');

/** Reads the first `min` bytes (or all, if shorter) and returns them with a stream that replays them. */
async function peek(source: AsyncIterable<Uint8Array>, min: number) {
  const it = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let have = 0;
  let finished = false;
  while (have < min) {
    const r = await it.next();
    if (r.done) {
      finished = true;
      break;
    }
    chunks.push(r.value);
    have += r.value.length;
  }
  const head = new Uint8Array(have);
  let o = 0;
  for (const c of chunks) {
    head.set(c, o);
    o += c.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* chunks;
    if (finished) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head, stream: replay() };
}

function firstChar(head: string): string {
  const m = /^[\s\uFEFF]*(\S)/.exec(head);
  return m ? m[1] : '';
}

const JSON_FORMATS = FORMATS.filter((f): f is JsonFormat => f.kind === 'json');
const TEXT_FORMATS = FORMATS.filter((f): f is TextFormat => f.kind === 'text');

/** The JSON format whose records look like `first`, or null. */
function detectJson(first: unknown, wrapper: string | null): JsonFormat | null {
  return JSON_FORMATS.find((f) => f.matches(first, wrapper)) ?? null;
}

/** The text format whose beginning looks like `head`, or null. */
function detectText(head: string): TextFormat | null {
  return TEXT_FORMATS.find((f) => f.matches(head)) ?? null;
}

const EXPECTED =
  'Expected an official export: ChatGPT/Claude/DeepSeek conversations.json, Grok prod-grok-backend.json, ' +
  'Gemini Takeout MyActivity.json/.html, a Copilot activity .csv, or the .zip containing one';

interface FileRun {
  name: string;
  /** In a .zip, a file that is not a known export is skipped instead of failing the import. */
  lenient: boolean;
  signal?: AbortSignal;
  progress: (conversations: number, messages: number) => void;
}

/** Parses one conversation file (already unzipped). */
async function* importFile(bytes: AsyncIterable<Uint8Array>, run: FileRun): AsyncGenerator<ImportEvent> {
  const { head, stream } = await peek(bytes, HEAD_BYTES);
  const headText = UTF8.decode(head);
  const stats = newStats();
  const ctx = makeContext(run.name, stats);
  let conversations = 0;
  let messages = 0;
  const emit = (c: ConversationWithMessages): ImportEvent => {
    // Nothing leaves an importer that the model's own validator rejects (the store trusts this output).
    const problems = conversationWithMessagesProblems(c);
    if (problems.length)
      throw new ImportError('malformed', `Conversation "${c.siteConversationId.slice(0, 80)}" cannot be read: ${problems.slice(0, 3).join('; ')}`, {
        file: run.name,
        item: conversations + 1,
      });
    conversations++;
    messages += c.messages.length;
    run.progress(conversations, messages);
    return { type: 'conversation', file: run.name, conversation: c };
  };
  const c0 = firstChar(headText);
  if (c0 === '[' || c0 === '{') {
    let format: JsonFormat | null = null;
    let converter: ReturnType<JsonFormat['create']> | null = null;
    let n = 0;
    let firstWrapper: string | null = null;
    let tooLarge = 0;
    try {
      for await (const rec of jsonRecords(stream, run.name, run.signal)) {
        n = rec.n;
        if (rec.tooLarge !== undefined) {
          // Bounded memory whatever the file expands to: a record this large is skipped unread, and said so.
          ctx.skip(TOO_LARGE);
          tooLarge++;
          continue;
        }
        if (format && rec.wrapper !== firstWrapper && format.id !== 'coevo-json') continue;
        if (!format) {
          firstWrapper = rec.wrapper;
          format = detectJson(rec.value, rec.wrapper);
          if (!format) {
            if (run.lenient) {
              yield { type: 'skipped-file', file: run.name, reason: 'not a conversation file' };
              return;
            }
            throw new ImportError('unknown-format', `This JSON file is not a known export. ${EXPECTED}`, { file: run.name, item: 1 });
          }
          if (run.lenient && ZIP_NAMES[format.id] && !ZIP_NAMES[format.id]!.test(run.name)) {
            yield { type: 'skipped-file', file: run.name, reason: 'not a conversation file' };
            return;
          }
          converter = format.create(ctx);
          yield { type: 'start', file: run.name, format: format.id };
        }
        for (const c of converter!.item(rec.value, rec.n, rec.wrapper)) yield emit(c);
      }
      if (converter) for (const c of converter.end()) yield emit(c);
    } catch (e) {
      throw withWhere(e, { file: run.name, item: n || undefined });
    }
    if (!format && tooLarge) {
      const reason = `${tooLarge === 1 ? 'its one record is' : `all ${tooLarge} records are`} larger than ${Math.round(JSON_LIMITS.recordBytes / 1048576)} MB; not read (no real export has conversations this large)`;
      if (run.lenient) {
        yield { type: 'skipped-file', file: run.name, reason };
        return;
      }
      throw new ImportError('malformed', `This file could not be read: ${reason}`, { file: run.name });
    }
    if (!format) {
      if (run.lenient) {
        yield { type: 'skipped-file', file: run.name, reason: 'no records' };
        return;
      }
      // An empty list: a valid export with nothing in it.
      yield { type: 'start', file: run.name, format: null };
      yield { type: 'end', file: run.name, format: null, conversations: 0, messages: 0, stats };
      return;
    }
    yield { type: 'end', file: run.name, format: format.id, conversations, messages, stats, ...(ctx.extras ? { extras: ctx.extras } : {}) };
    return;
  }
  const format = detectText(headText);
  if (!format) {
    if (run.lenient) {
      yield { type: 'skipped-file', file: run.name, reason: 'not a conversation file' };
      return;
    }
    throw new ImportError('unknown-format', head.length === 0 ? 'The file is empty' : `This file is not a known export. ${EXPECTED}`, {
      file: run.name,
      offset: 0,
    });
  }
  yield { type: 'start', file: run.name, format: format.id };
  try {
    for await (const c of format.parse(decodeText(stream), ctx)) {
      throwIfAborted(run.signal, run.name);
      yield emit(c);
    }
  } catch (e) {
    throw withWhere(e, { file: run.name, item: conversations + 1 });
  }
  yield { type: 'end', file: run.name, format: format.id, conversations, messages, stats };
}

/**
 * Imports one chosen file: a conversation file or a .zip export. Throws an ImportError (with file, byte
 * offset or record number) on unknown, truncated or malformed input, or when cancelled.
 */
export async function* importSource(source: ImportSource, opts: ImportOptions = {}): AsyncGenerator<ImportEvent> {
  const { signal, onProgress, lenient = false } = opts;
  throwIfAborted(signal, source.name);
  const progress: ImportProgress = {
    file: source.name,
    bytesRead: 0,
    totalBytes: source.size ?? null,
    conversations: 0,
    messages: 0,
  };
  let base = { conversations: 0, messages: 0 };
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (onProgress && (force || now - lastReport >= 100)) {
      lastReport = now;
      onProgress({ ...progress });
    }
  };
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source.open()) {
      throwIfAborted(signal, source.name);
      progress.bytesRead += chunk.length;
      report();
      yield chunk;
    }
  }
  const fileRun = (name: string, lenient: boolean): FileRun => ({
    name,
    lenient,
    signal,
    progress: (c, m) => {
      progress.conversations = base.conversations + c;
      progress.messages = base.messages + m;
      report();
    },
  });
  const track = (ev: ImportEvent) => {
    if (ev.type === 'end') base = { conversations: progress.conversations, messages: progress.messages };
  };
  const { head, stream } = await peek(counted(), 4);
  if (isZip(head)) {
    let found = 0;
    const notRead: string[] = [];
    for await (const entry of zipEntries(stream, source.name, (n) => ZIP_CANDIDATE.test(n) && !n.split('/').pop()!.startsWith('._'))) {
      progress.entry = entry.name;
      for await (const ev of importFile(entry.bytes, fileRun(`${source.name}/${entry.name}`, true))) {
        if (ev.type === 'start') found++;
        if (ev.type === 'skipped-file' && /larger than/.test(ev.reason)) notRead.push(`${entry.name}: ${ev.reason}`);
        track(ev);
        yield ev;
      }
    }
    if (found === 0 && notRead.length) {
      throw new ImportError('malformed', `This .zip could not be read: ${notRead.slice(0, 3).join('; ')}`, { file: source.name });
    }
    if (found === 0) {
      throw new ImportError('unknown-format', `This .zip holds no conversation file we know. ${EXPECTED}`, { file: source.name });
    }
  } else {
    for await (const ev of importFile(stream, fileRun(source.name, lenient))) {
      track(ev);
      yield ev;
    }
  }
  report(true);
}
