/**
 * The import panel the dashboard embeds: choose export files, watch a progress bar with counts and time
 * left, cancel, and read per-file results in plain words. Imports always go into the person's own
 * database; each file is stored whole or not at all (see runImport.ts).
 */
import { useRef, useState } from 'preact/hooks';
import { FORMAT_HELP } from '../../importers/index';
import { MAIN_DB_NAME, type CoevoDB } from '../../storage/db';
import { runImport, type FileResult, type OlderAnswer, type OlderQuestion, type RunProgress } from './runImport';
import { runImportInWorker } from './workerClient';
import { formatBytes, formatSeconds, s } from './strings';

export interface ImportPanelProps {
  /** Called after an import stored something (the dashboard reloads its data). */
  onImported?: () => void;
  /** The store; defaults to the person's own database. */
  db?: CoevoDB;
  /** Refreshes the analysis of changed conversations; defaults to asking the background. */
  analyse?: (conversationIds: string[]) => Promise<void>;
}

async function askBackgroundToAnalyse(conversationIds: string[]): Promise<void> {
  // Loaded lazily: the messaging module needs the extension runtime, which tests and the CLI lack.
  const { send } = await import('../send');
  await send('analysis/run', { conversationIds });
}

/** Settings keys (storage/settings.ts, RESTORED_SETTING_KEYS) as the Settings page names them. */
const SETTING_NAMES: Record<string, string> = {
  minConfidence: 'how sure before showing a moment',
  retentionDays: 'retention',
  'donation.terms': 'your words to redact',
};

function resultText(r: FileResult): string {
  const name = r.file;
  if (r.status === 'failed') return s('failed', name, r.reason ?? '');
  if (r.status === 'cancelled') return r.older ? `${s('cancelled', name)} ${s('olderSkipped', r.older.conversations)}` : s('cancelled', name);
  const parts = [s('imported', name, r.summary.conversations, r.summary.messages, r.messagesAdded, r.messagesUpdated)];
  if (r.format) parts.push(s('importedFormat', FORMAT_HELP[r.format].label));
  const skipped = Object.entries(r.summary.skipped).map(([reason, n]) => `${n} × ${reason}`);
  if (skipped.length) parts.push(s('skipped', skipped.join(', ')));
  if (r.restored) parts.push(s('restored', r.restored.settings.map((k) => SETTING_NAMES[k] ?? k).join(', ') || '—', r.restored.verdicts));
  if (r.older) parts.push(s(r.older.answer === 'keep' ? 'olderKept' : 'olderDeleted', r.older.conversations));
  return parts.join(' ');
}

const day = (t: number | null) => (t === null ? '?' : new Date(t).toISOString().slice(0, 10));

export function ImportPanel({ onImported, db, analyse = askBackgroundToAnalyse }: ImportPanelProps) {
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [results, setResults] = useState<FileResult[]>([]);
  const [running, setRunning] = useState(false);
  const [note, setNote] = useState('');
  // The open question about history older than the retention window, with the import waiting on its answer.
  const [older, setOlder] = useState<{ q: OlderQuestion; answer: (a: OlderAnswer) => void } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const start = async (files: File[]) => {
    if (!files.length || running) return;
    const ctl = new AbortController();
    abort.current = ctl;
    setRunning(true);
    setResults([]);
    setNote('');
    setProgress(null);
    let last = 0;
    // Re-render at most ~10 times a second: progress events can be far more frequent.
    const onProgress = (p: RunProgress) => {
      const now = Date.now();
      if (now - last > 100 || p.phase === 'saving') {
        last = now;
        setProgress(p);
      }
    };
    const onFile = (r: FileResult) => setResults((rs) => [...rs, r]);
    const confirmOlder = (q: OlderQuestion) =>
      new Promise<OlderAnswer>((resolve) =>
        setOlder({
          q,
          answer: (a) => {
            setOlder(null);
            resolve(a);
          },
        }),
      );
    // The person's own data is imported in a worker so the page never stalls; a given store (tests,
    // embedding) is written from here.
    const out = db
      ? await runImport(files, { db, signal: ctl.signal, onProgress, onFile, confirmOlder })
      : await runImportInWorker(files, { dbName: MAIN_DB_NAME, signal: ctl.signal, onProgress, onFile, confirmOlder });
    abort.current = null;
    setRunning(false);
    setProgress(null);
    if (input.current) input.current.value = '';
    const stored = out.filter((r) => r.status === 'imported');
    const conversations = stored.reduce((n, r) => n + r.summary.conversations, 0);
    const messages = stored.reduce((n, r) => n + r.summary.messages, 0);
    if (stored.length) {
      setNote(s('doneAll', conversations, messages));
      onImported?.();
      const changed = stored.flatMap((r) => r.changed);
      if (changed.length) {
        setNote(`${s('doneAll', conversations, messages)} ${s('analysing')}`);
        try {
          await analyse(changed);
          setNote(s('doneAll', conversations, messages));
          onImported?.();
        } catch {
          // Analysis catches up on its own later (the background re-runs it); the data is already saved.
          setNote(s('doneAll', conversations, messages));
        }
      }
    }
  };

  const notRead = results.filter((r) => r.status === 'not-read');
  const pct = progress && progress.totalBytes ? Math.min(100, (100 * progress.bytesRead) / progress.totalBytes) : 0;
  return (
    <section class="import-panel" aria-label={s('chooseLabel')}>
      <div class="card">
        <label for="coevo-import-files">
          <strong>{s('chooseLabel')}</strong>
        </label>
        <p id="coevo-import-hint" class="muted">
          {s('chooseHint')}
        </p>
        <input
          ref={input}
          id="coevo-import-files"
          type="file"
          multiple
          accept=".zip,.json,.html,.htm,.csv,application/zip,application/json,text/html,text/csv"
          aria-describedby="coevo-import-hint"
          disabled={running}
          onChange={(e) => start([...((e.currentTarget as HTMLInputElement).files ?? [])])}
        />
      </div>

      {running && (
        <div class="card" data-testid="import-progress">
          <progress max={100} value={pct} aria-label={s('progressLabel')} style="width: 100%" />
          <p role="status" aria-live="polite">
            {progress
              ? [
                  progress.phase === 'saving' ? s('saving', progress.file) : s('reading', progress.file, progress.fileIndex + 1, progress.fileCount),
                  s('bytes', formatBytes(progress.bytesRead), formatBytes(progress.totalBytes)),
                  s('counts', progress.conversations, progress.messages),
                  progress.secondsLeft !== null ? s('left', formatSeconds(progress.secondsLeft)) : '',
                ]
                  .filter(Boolean)
                  .join(' · ')
              : '…'}
          </p>
          <button
            type="button"
            onClick={() => {
              abort.current?.abort();
              older?.answer('skip');
            }}
          >
            {s('cancel')}
          </button>
        </div>
      )}

      {older && (
        <fieldset class="card" data-testid="import-older">
          <legend>
            <h2>{s('olderTitle')}</h2>
          </legend>
          <p>{s('older', older.q.file, older.q.conversations, older.q.messages, older.q.retentionDays, day(older.q.oldest))}</p>
          <p class="muted">{s('olderNote')}</p>
          <button type="button" data-answer="keep" onClick={() => older.answer('keep')}>
            {s('olderKeep')}
          </button>{' '}
          <button type="button" data-answer="import" onClick={() => older.answer('import')}>
            {s('olderImport')}
          </button>{' '}
          <button type="button" data-answer="skip" onClick={() => older.answer('skip')}>
            {s('olderSkip')}
          </button>
        </fieldset>
      )}

      {results.length > 0 && (
        <div class="card">
          <h2>{s('resultsTitle')}</h2>
          <ul data-testid="import-results">
            {results
              .filter((r) => r.status !== 'not-read')
              .map((r, i) => (
                <li key={`${i}-${r.file}`} data-status={r.status} class={r.status === 'failed' ? 'error' : undefined}>
                  {resultText(r)}
                </li>
              ))}
          </ul>
          {notRead.length > 0 && (
            // Exports hold many other files (account data, images); one quiet line lists them.
            <p class="muted" data-testid="import-not-read">
              {s('notRead', notRead.map((r) => r.file.split('/').pop()).join(', '))}
            </p>
          )}
          {note && (
            <p role="status" data-testid="import-done">
              {note}
            </p>
          )}
        </div>
      )}

      <details class="card">
        <summary>{s('formatsTitle')}</summary>
        <ul>
          {Object.entries(FORMAT_HELP)
            .filter(([id]) => id !== 'chatgpt-messages-json' && id !== 'gemini-takeout-html')
            .map(([id, f]) => (
              <li key={id}>
                <strong>{f.label.replace(/ \(.*\)$/, '')}</strong>: {f.howTo}
              </li>
            ))}
        </ul>
      </details>
    </section>
  );
}
