/**
 * `npm run coevo -- analyze <file>... [--json] [--granularity day|week|month] [--site <id>]`: runs the extension's
 * analysis on conversation files (normalized conversations, the chat JSON-lines format, or any official export
 * the importers read) and prints a readable report, or with --json exactly {tags, summary}.
 */
import { DEFAULT_MIN_CONFIDENCE, shown } from '../model/tags';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { ConversationWithMessages, SiteId } from '../model/types';
import { SITE_NAMES } from '../model/types';
import { isSiteId } from '../model/validate';
import type { Tag } from '../model/tags';
import { analyze } from '../analysis/engine';
import type { Granularity } from '../analysis/evidence';
import type { Summary } from '../analysis/summary';
import { importSource } from '../importers/index';
import { ACCEPTED_FILES, ChatFileError, readConversationFile, type FileConversation } from './chatfile';

export const summary = 'tag how you and your assistants shape each other → report or --json {tags, summary}';

const USAGE = `usage: npm run coevo -- analyze <file>... [--json] [--granularity day|week|month] [--site <id>] [--min-confidence <p>]

<file>: normalized conversations (JSON or JSON lines, as written by "coevo import --out"), Coevo's own
  "export all data" JSON, chat JSON lines {"id": "...", "messages": [{"role": "user"|"assistant", "content": "...",
  "timestamp"?: ...}]} or ShareGPT {"conversations"|"messages": [{"from": "human"|"gpt", "value": "..."}]},
  or an official export (ChatGPT, Claude, Gemini, DeepSeek, Grok, Copilot; .json/.html/.csv/.zip).
--json         print {"tags": [...], "summary": {...}}; message indices are 0-based into each
               conversation's messages as given in the file (skipped roles keep their positions)
--granularity  period of the summary figures (default month)
--site <id>    which assistant chat-format files come from, when the records don't say (${Object.keys(SITE_NAMES).join(', ')})
--min-confidence <p>  show conversational-act tags from this calibrated probability up (default ${DEFAULT_MIN_CONFIDENCE},
               as in the extension; 0.3 shows every act tag the model keeps)
`;

async function readInput(path: string, site: SiteId | undefined): Promise<FileConversation[]> {
  const size = statSync(path).size;
  const isZip = /\.zip$/i.test(path);
  if (!isZip && size < 512 * 1024 * 1024) {
    const own = readConversationFile(readFileSync(path, 'utf8'), { site });
    if (own) return own;
  }
  const out: FileConversation[] = [];
  const source = { name: path, size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
  try {
    for await (const ev of importSource(source))
      if (ev.type === 'conversation') {
        const c = ev.conversation;
        out.push({ conversation: c, outputId: c.id, givenIndex: new Map(c.messages.map((m) => [m.id, m.index])) });
      }
  } catch (e) {
    // The importers name the official exports; say which conversation files analyze reads besides them.
    if (!out.length && e instanceof Error && /not a known export/i.test(e.message)) throw new ChatFileError(`${e.message}. Or: ${ACCEPTED_FILES}.`);
    throw e;
  }
  return out;
}

/** The output shape of one tag: exactly the documented keys. */
function outTag(t: Tag, files: Map<string, FileConversation>) {
  const f = files.get(t.conversationId);
  return {
    type: t.type,
    conversationId: f?.outputId ?? t.conversationId,
    // A claim about a change over time cites messages of other conversations too: those name their conversation.
    messages: t.messages.map((m) => {
      const other = m.conversationId && m.conversationId !== t.conversationId ? files.get(m.conversationId) : undefined;
      const g = m.conversationId && m.conversationId !== t.conversationId ? other : f;
      const index = g?.givenIndex.get(m.id) ?? m.index;
      return other || (m.conversationId && m.conversationId !== t.conversationId)
        ? { conversationId: other?.outputId ?? m.conversationId!, index, id: m.id }
        : { index, id: m.id };
    }),
    direction: t.direction,
    confidence: Math.round(t.confidence * 1000) / 1000,
    explanation: t.explanation,
    ...(t.time != null ? { time: t.time } : {}),
  };
}

export async function run(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let json = false;
  let granularity: Granularity = 'month';
  let site: SiteId | undefined;
  let minConfidence = DEFAULT_MIN_CONFIDENCE;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--granularity' || a.startsWith('--granularity=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (v !== 'day' && v !== 'week' && v !== 'month') {
        process.stderr.write(`coevo analyze: --granularity must be day, week or month\n`);
        return 2;
      }
      granularity = v;
    } else if (a === '--site' || a.startsWith('--site=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (!isSiteId(v)) {
        process.stderr.write(`coevo analyze: unknown --site "${v}"\n`);
        return 2;
      }
      site = v;
    } else if (a === '--min-confidence' || a.startsWith('--min-confidence=')) {
      const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!(v >= 0 && v <= 1)) {
        process.stderr.write(`coevo analyze: --min-confidence must be a probability between 0 and 1\n`);
        return 2;
      }
      minConfidence = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`coevo analyze: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (!paths.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const files = new Map<string, FileConversation>();
  for (const p of paths) {
    let got: FileConversation[];
    try {
      got = await readInput(p, site);
    } catch (e) {
      const msg = e instanceof ChatFileError || e instanceof Error ? e.message : String(e);
      process.stderr.write(`coevo analyze: ${p}: ${msg}\n`);
      return 1;
    }
    for (const f of got) {
      if (files.has(f.conversation.id)) {
        process.stderr.write(`coevo analyze: ${p}: conversation "${f.outputId}" appears more than once\n`);
        return 1;
      }
      files.set(f.conversation.id, f);
    }
  }
  const conversations: ConversationWithMessages[] = [...files.values()].map((f) => f.conversation);
  const result = analyze(conversations, { granularity, minConfidence });
  const tags = result.tags.filter((t) => shown(t, minConfidence)).map((t) => outTag(t, files));
  // Wait for the write to be flushed: main.ts exits the process right after, which would cut a piped output.
  const text = json ? `${JSON.stringify({ tags, summary: result.summary })}\n` : report(tags, result.summary);
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
  return 0;
}

const PER_TYPE = 15;

function report(tags: ReturnType<typeof outTag>[], s: Summary): string {
  const L: string[] = [];
  const t = s.totals;
  L.push(`Coevo analysis: ${t.conversations} conversations, ${t.userMessages} of your messages, ${t.assistantMessages} assistant replies.`);
  // Summaries stored before the count existed lack it.
  if (t.userMessagesNotEnglish)
    L.push(
      `${t.userMessagesNotEnglish} of your messages are not in English: the conversational-act tags (pushback, giving in, holding a position, handing over a decision) read English only, so none is on those.`,
    );
  L.push('');
  L.push('Tags');
  for (const [type, n] of Object.entries(t.tags)) L.push(`  ${type.padEnd(24)} ${n}`);
  if (s.adoptedTerms.length) {
    L.push('', 'Words you took up from an assistant');
    for (const a of s.adoptedTerms.slice(0, 30))
      L.push(
        `  "${a.term}" from ${SITE_NAMES[a.sourceSite as SiteId] ?? 'the assistant'}, first used ${a.date ? new Date(a.date).toISOString().slice(0, 10) : '(no date)'}`,
      );
    if (s.adoptedTerms.length > 30) L.push(`  … and ${s.adoptedTerms.length - 30} more`);
  }
  const tested = s.aiVocabulary.filter((m) => m.projected !== null);
  if (s.aiVocabulary.length) {
    L.push('', 'AI-favoured words per 1,000 of your words (month: rate vs your extrapolated baseline)');
    for (const m of s.aiVocabulary)
      L.push(
        `  ${m.period}  ${m.value.toFixed(2).padStart(6)}${m.projected !== null ? `  vs ${m.projected.toFixed(2)}  ratio 95% CI ${m.ratioLow95!.toFixed(2)}–${m.ratioHigh95!.toFixed(2)}${m.rising ? '  RISING' : ''}` : '  (baseline)'}  ${m.words} words`,
      );
    if (!tested.length) L.push('  (not enough history after the baseline months to test a rise)');
  }
  const all = <T extends { site: string }>(pts: T[]) => pts.filter((p) => p.site === 'all');
  if (s.lsm.length) {
    L.push('', `Language style matching with the assistants (0–1), per ${s.granularity}`);
    L.push(
      `  ${all(s.lsm)
        .map((p) => `${p.period} ${p.value.toFixed(2)}`)
        .join('  ')}`,
    );
  }
  if (s.coordination.length) {
    L.push('', 'Coordination (how much a reply echoes the other side’s function words)');
    for (const dir of ['assistant→user', 'user→assistant'] as const) {
      const pts = s.coordination.filter((c) => c.site === 'all' && c.influence === dir);
      const who = dir === 'assistant→user' ? 'you toward the assistants' : 'the assistants toward you';
      L.push(`  ${who}: ${pts.map((p) => `${p.period} ${p.value >= 0 ? '+' : ''}${p.value.toFixed(3)}`).join('  ')}`);
    }
  }
  if (s.changePoints.length) {
    L.push('', 'Shifts in your style (distance to the assistants’ style)');
    for (const c of s.changePoints)
      L.push(
        `  ${new Date(c.date).toISOString().slice(0, 10)}  ${c.toward ? 'toward' : 'away from'} the assistants (${Math.abs(c.effect).toFixed(1)} SD; LSM ${c.lsmBefore.toFixed(2)} → ${c.lsmAfter.toFixed(2)})`,
      );
  }
  const byType = new Map<string, typeof tags>();
  for (const tag of tags) byType.set(tag.type, [...(byType.get(tag.type) ?? []), tag]);
  for (const [type, list] of byType) {
    L.push('', `${type} (${list.length})`);
    for (const tag of list.slice(0, PER_TYPE)) {
      const where = tag.messages.map((m) => `#${m.index}`).join(', ');
      L.push(`  ${tag.time ? new Date(tag.time).toISOString().slice(0, 10) : '          '}  ${tag.conversationId} [${where}] ${tag.explanation}`);
    }
    if (list.length > PER_TYPE) L.push(`  … and ${list.length - PER_TYPE} more (--json lists all)`);
  }
  L.push('');
  return L.join('\n');
}
