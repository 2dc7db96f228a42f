/**
 * The import panel's words. English defaults live here; when the extension's catalog
 * (`public/_locales/<lang>/messages.json`) has a key `import_<name>`, that translation wins, so the panel
 * can be translated without touching this file.
 */
import en from '../../public/_locales/en/messages.json';

const EN = {
  chooseLabel: 'Choose export files (.zip, .json, .html or .csv)',
  chooseHint: 'You can pick several files, or the .zip exactly as the assistant sent it. Nothing is uploaded.',
  formatsTitle: 'Where to get your export',
  cancel: 'Cancel import',
  reading: 'Reading $1 ($2 of $3)',
  saving: 'Saving $1',
  counts: '$1 conversations, $2 messages',
  bytes: '$1 of $2',
  left: 'about $1 left',
  progressLabel: 'Import progress',
  resultsTitle: 'Results',
  imported: '$1: $2 conversations, $3 messages read; $4 new and $5 updated messages saved.',
  importedFormat: 'Read as: $1.',
  skipped: 'Left out on purpose: $1.',
  failed: '$1: not imported. $2 Nothing from this file was saved.',
  cancelled: '$1: cancelled. Nothing from this file was saved.',
  notRead: 'Other files in the export, not read (no conversations in them): $1.',
  doneAll: 'Done: $1 conversations with $2 messages are in your data.',
  analysing: 'Updating the analysis…',
  olderTitle: 'Older than you keep chats',
  older:
    '$1 holds $2 conversations ($3 messages) whose last message is more than $4 days old (the oldest from $5). Your retention setting keeps $4 days, so it would delete them the next time it runs (daily).',
  olderImport: 'Import anyway (retention deletes them)',
  olderKeep: 'Import and keep them (turns retention off)',
  olderSkip: 'Do not import this file',
  olderNote: 'Your choice holds for the rest of this import.',
  olderKept: '$1 older conversations kept: retention is now off (Settings).',
  olderDeleted: '$1 conversations are older than your retention setting and will be deleted by it.',
  olderSkipped: 'Not imported: $1 conversations are older than your retention setting.',
  restored: 'Restored from the backup: settings ($1), $2 verdicts.',
} as const;

export type StringKey = keyof typeof EN;

const catalog = en as Record<string, { message: string } | undefined>;

function native(key: string, subs: string[]): string {
  const g = globalThis as { chrome?: { i18n?: { getMessage(k: string, s?: string[]): string } } };
  try {
    return g.chrome?.i18n?.getMessage(key, subs) ?? '';
  } catch {
    return '';
  }
}

export function s(key: StringKey, ...subs: (string | number)[]): string {
  const args = subs.map(String);
  const k = `import_${key}`;
  const localized = native(k, args) || catalog[k]?.message;
  const text = localized || EN[key];
  return text.replace(/\$(\d)/g, (_m, d: string) => args[Number(d) - 1] ?? '');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatSeconds(sec: number): string {
  if (sec < 60) return `${Math.max(1, Math.round(sec))} s`;
  if (sec < 3600) return `${Math.round(sec / 60)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}
