/**
 * `npm run coevo -- import <file|folder|zip>... [--out conversations.jsonl]`: reads official data exports
 * with exactly the extension's importers, prints a summary and optionally writes the normalized
 * conversations as JSON lines. A file that fails contributes nothing to the output.
 */
import { closeSync, createReadStream, ftruncateSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ImportError, importSource, type ImportSource } from '../importers/index';
import { addConversation, addStats, formatSummary, mergeSummary, newSummary } from '../importers/summary';

export const summary = 'read official data exports (ChatGPT, Claude, Gemini, DeepSeek, Grok, Copilot) → summary / JSON lines';

const USAGE = `usage: npm run coevo -- import <file|folder|zip>... [--out conversations.jsonl] [--quiet]

Reads ChatGPT / Claude / DeepSeek conversations.json (also split conversations-NNN.json), Grok
prod-grok-backend.json, Gemini Takeout MyActivity.json/.html, Copilot activity .csv, or the .zip as
delivered. Formats are recognised from the content. Folders are searched recursively; files in them
that are not exports are listed as not read.
`;

function fileSource(path: string): ImportSource {
  return { name: path, size: statSync(path).size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && /\.(json|html?|csv|zip)$/i.test(e.name)) out.push(p);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let out: string | null = null;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') out = argv[++i] ?? null;
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else paths.push(a);
  }
  if (paths.length === 0 || (argv.includes('--out') && !out)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const inputs: { path: string; lenient: boolean }[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      process.stderr.write(`coevo import: no such file or folder: ${p}\n`);
      return 2;
    }
    if (st.isDirectory()) inputs.push(...walk(p).map((f) => ({ path: f, lenient: true })));
    else inputs.push({ path: p, lenient: false });
  }

  const s = newSummary();
  const part = out ? `${out}.part` : null;
  const fd = part ? openSync(part, 'w') : null;
  let written = 0;
  const tty = process.stderr.isTTY && !quiet;
  try {
    for (const input of inputs) {
      let fileStart = written; // output position before the current conversation file
      let pending = newSummary(); // counts of the current conversation file, added once it ends
      const started = Date.now();
      try {
        for await (const ev of importSource(fileSource(input.path), {
          lenient: input.lenient,
          onProgress: tty
            ? (p) => {
                const pct = p.totalBytes ? ` ${((100 * p.bytesRead) / p.totalBytes).toFixed(0)}%` : '';
                process.stderr.write(`\r${input.path}${pct} · ${p.conversations} conversations · ${p.messages} messages   `);
              }
            : undefined,
        })) {
          if (ev.type === 'start') {
            fileStart = written;
            pending = newSummary();
          } else if (ev.type === 'conversation') {
            addConversation(pending, ev.conversation);
            if (fd !== null) written += writeSync(fd, `${JSON.stringify(ev.conversation)}\n`);
          } else if (ev.type === 'end') {
            addStats(pending, ev.stats);
            mergeSummary(s, pending);
            pending = newSummary();
            fileStart = written;
            if (!quiet)
              process.stderr.write(
                `${tty ? '\r' : ''}${ev.file}: ${ev.format ?? 'empty'}, ${ev.conversations} conversations, ${ev.messages} messages (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
              );
          } else if (ev.type === 'skipped-file') {
            s.skippedFiles.push({ file: ev.file, reason: ev.reason });
          }
        }
      } catch (e) {
        // The failing conversation file leaves nothing behind: cut the output back to where it began.
        if (fd !== null && written !== fileStart) {
          ftruncateSync(fd, fileStart);
          written = fileStart;
        }
        const msg = e instanceof ImportError ? e.message : `unexpected error: ${(e as Error).message}`;
        s.failedFiles.push({ file: input.path, error: msg });
        if (!quiet) process.stderr.write(`${tty ? '\n' : ''}${msg}\n`);
      }
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (out && part) {
    if (s.conversations > 0 || s.failedFiles.length === 0) renameSync(part, out);
    else rmSync(part, { force: true });
  }
  process.stdout.write(`${formatSummary(s)}\n`);
  if (out && s.conversations > 0) process.stdout.write(`wrote ${s.conversations} conversations to ${out}\n`);
  return s.failedFiles.length ? 1 : 0;
}
