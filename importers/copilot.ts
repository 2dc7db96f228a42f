/**
 * Microsoft Copilot (consumer) activity export: one CSV with the columns Conversation, Time, Author
 * (Human / AI) and Message. Rows are grouped by the Conversation column and ordered by time. The whole
 * file's rows are grouped in memory (the export is text only and rows of one conversation need not be
 * adjacent). See export-formats.md, "Microsoft Copilot".
 */
import { hash53 } from '../model/ids';
import type { ConversationWithMessages } from '../model/types';
import { csvRows } from './csv';
import { ImportError } from './errors';
import type { TextFormat } from './types';
import { finishConversation, fromIso, type DraftMessage } from './util';

const COLUMNS = ['conversation', 'time', 'author', 'message'] as const;

function headerCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase());
}

function pickDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

/** Copilot writes local-looking times ("1/5/2025 3:04:05 PM") as well as ISO; no zone is read as UTC. */
function copilotTime(s: string): number | null {
  const iso = fromIso(s);
  if (iso !== null && /^\d{4}-/.test(s.trim())) return iso;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*(Z|UTC|GMT)?$/i.exec(s.trim());
  if (m) {
    let h = Number(m[4]);
    if (m[7]?.toUpperCase() === 'PM' && h < 12) h += 12;
    if (m[7]?.toUpperCase() === 'AM' && h === 12) h = 0;
    return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), h, Number(m[5]), Number(m[6] ?? 0));
  }
  const t = Date.parse(/(Z|[+-]\d\d:?\d\d|GMT|UTC)/i.test(s) ? s : `${s} UTC`);
  return Number.isFinite(t) ? t : iso;
}

export const copilotCsv: TextFormat = {
  kind: 'text',
  id: 'copilot-csv',
  site: 'copilot',
  label: 'Microsoft Copilot activity history (CSV)',
  matches(head) {
    const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
    const cells = headerCells(first, pickDelimiter(first));
    return COLUMNS.every((c) => cells.includes(c));
  },
  async *parse(text, ctx) {
    let delimiter = ',';
    let header: Record<(typeof COLUMNS)[number], number> | null = null;
    const groups = new Map<string, (DraftMessage & { order: number })[]>();
    let order = 0;
    // The delimiter is chosen from the header line before the real parse starts.
    const chunks: string[] = [];
    const it = text[Symbol.asyncIterator]();
    let headText = '';
    for (let sawNewline = false; !sawNewline; ) {
      const r = await it.next();
      if (r.done) break;
      chunks.push(r.value);
      headText += r.value;
      sawNewline = r.value.includes('\n'); // only the new chunk is searched: no rescans of a huge first line
    }
    delimiter = pickDelimiter(headText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]);
    async function* replay() {
      yield* chunks;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }
    for await (const row of csvRows(replay(), delimiter, ctx.file)) {
      order++;
      if (!header) {
        const cells = row.map((c) =>
          c
            .replace(/^\uFEFF/, '')
            .trim()
            .toLowerCase(),
        );
        const idx = COLUMNS.map((c) => cells.indexOf(c));
        if (idx.some((i) => i < 0))
          throw new ImportError('unknown-format', `Expected a CSV header with the columns ${COLUMNS.join(', ')}`, { file: ctx.file, offset: 0 });
        header = { conversation: idx[0], time: idx[1], author: idx[2], message: idx[3] };
        continue;
      }
      if (row.length === 1 && row[0].trim() === '') continue; // blank line
      const conv = (row[header.conversation] ?? '').trim();
      const author = (row[header.author] ?? '').trim().toLowerCase();
      const text = (row[header.message] ?? '').replace(/\r\n?/g, '\n').trim();
      if (!conv) {
        ctx.skip('CSV row without a conversation');
        continue;
      }
      const role = author === 'human' || author === 'user' ? 'user' : author === 'ai' || author === 'copilot' || author === 'assistant' ? 'assistant' : null;
      if (!role) {
        ctx.skip(`CSV row from unknown author "${row[header.author] ?? ''}"`);
        continue;
      }
      if (!text) {
        ctx.skip('empty message');
        continue;
      }
      // The column may hold a long title; ids stay short and stable by hashing long values.
      const list = groups.get(conv) ?? [];
      list.push({ role, text, time: copilotTime(row[header.time] ?? ''), order });
      groups.set(conv, list);
    }
    if (!header) throw new ImportError('malformed', 'The CSV file is empty', { file: ctx.file, offset: 0 });
    const out: ConversationWithMessages[] = [];
    for (const [conv, rows] of groups) {
      rows.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.order - b.order);
      out.push(
        finishConversation(
          'copilot',
          conv.length <= 200 ? conv : `h-${hash53(conv)}`,
          'copilot-csv',
          rows.map((r, i) => ({ ...r, index: i, current: true })),
          {
            title: conv.length <= 120 ? conv : undefined,
          },
        ),
      );
    }
    yield* out;
  },
};
