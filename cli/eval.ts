/**
 * `npm run eval`: measures the conversational-act tags on the frozen test split of labelled real dialogue
 * (eval/labels/acts/test.jsonl, never trained or tuned on): per act precision, recall and F1 with 95 %
 * bootstrap intervals, inter-annotator κ, calibration (ECE and a reliability table), against the targets.
 *
 * `--labels <file.jsonl>` instead scores the shipped taggers on any labelled file in the chat format (see
 * eval/README.md), for checks on dialogue that is not in this repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_VERSION } from '../analysis/version';
import { ACT_MODEL } from '../analysis/acts/model';
import { DEFAULT_MIN_CONFIDENCE } from '../analysis/acts/tags';
import { parseLabelFile, LabelFileError, type LabelledItem } from '../eval/chat-format';
import { evaluate, type EvalReport } from '../eval/evaluate';
import { EVAL_TAGGERS } from '../eval/taggers';
import { longitudinalReport } from '../eval/longitudinal/report';
import { LABEL_DIR, loadSplit, readLabels } from '../eval/acts/data';
import { ACTS, TAG_NAME, formatActReport, itemsOf, kappa, scoreAct, type ActScore } from '../eval/acts/report';
import type { TagType } from '../model/tags';
import type { Act } from '../analysis/acts/model';

export const summary = 'precision/recall/F1 of the conversational-act taggers on labelled dialogue';

const USAGE = `usage: npm run eval -- [--split test|train] [--verbose] [--json]
       npm run eval -- --labels <file.jsonl>... [--split <name>] [--verbose] [--json]

  (default)        the act tags on the frozen test split eval/labels/acts/test.jsonl: precision, recall, F1
                   with 95 % bootstrap intervals, κ, calibration
  --split train    the same on the training split (in-sample: not an estimate of accuracy)
  --labels <file>  JSONL, one conversation per line: {"id", "messages":[{"role","content"}],
                   "labels":[{"index","type","value"}], "split"?}. Repeatable. Scores the shipped taggers.
  --verbose        list every false positive and false negative
  --json           machine-readable report
`;

const ORDER: TagType[] = ['user-pushback', 'user-concession', 'assistant-capitulation', 'assistant-held-position', 'delegation'];

function fmt(x: number): string {
  return Number.isNaN(x) ? '  –  ' : x.toFixed(3);
}

export function formatReport(report: EvalReport, verbose: boolean): string {
  const lines: string[] = [];
  for (const [split, types] of Object.entries(report.scores)) {
    lines.push(`\n${split}`);
    lines.push(
      `  ${'tag type'.padEnd(26)}${'n'.padStart(5)}${'pos'.padStart(5)}${'TP'.padStart(5)}${'FP'.padStart(5)}${'FN'.padStart(5)}  precision  recall   F1`,
    );
    const typeKeys = Object.keys(types) as TagType[];
    for (const t of [...ORDER.filter((o) => typeKeys.includes(o)), ...typeKeys.filter((k) => !ORDER.includes(k))]) {
      const s = types[t]!;
      lines.push(
        `  ${t.padEnd(26)}${String(s.n).padStart(5)}${String(s.tp + s.fn).padStart(5)}${String(s.tp).padStart(5)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}      ${fmt(s.precision)}   ${fmt(s.recall)}  ${fmt(s.f1)}`,
      );
    }
  }
  if (verbose) {
    lines.push(`\nerrors (${report.errors.length})`);
    for (const e of report.errors) {
      const text = e.text.replace(/\s+/g, ' ').slice(0, 160);
      lines.push(`  ${e.kind} ${e.split} ${e.type} ${e.conversationId} #${e.index}: "${text}"`);
      if (e.why) lines.push(`       label: ${e.why}`);
      if (e.explanation) lines.push(`       tagger: ${e.explanation}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const files: string[] = [];
  let split: string | undefined;
  let verbose = false;
  let json = false;
  let longitudinalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--labels' && argv[i + 1]) files.push(argv[++i]);
    else if (a === '--split' && argv[i + 1]) split = argv[++i];
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--json') json = true;
    else if (a === '--longitudinal-only') longitudinalOnly = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`eval: unknown argument "${a}"\n${USAGE}`);
      return 2;
    }
  }
  // The longitudinal tags' null-model and power report (eval/longitudinal): alone, or after the act report.
  if (longitudinalOnly) return longitudinalSection(json);
  if (!files.length) return actReport(split === 'train' ? 'train' : 'test', verbose, json) || (json ? 0 : longitudinalSection(false));
  let items: LabelledItem[] = [];
  try {
    for (const f of files) items.push(...parseLabelFile(readFileSync(f, 'utf8'), f));
  } catch (e) {
    if (e instanceof LabelFileError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`eval: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
  if (split) items = items.filter((it) => it.split === split);
  if (!items.some((it) => it.labels.length)) {
    process.stderr.write('eval: no labels found\n');
    return 1;
  }
  const report = evaluate(items, EVAL_TAGGERS, ANALYSIS_VERSION);
  if (json) process.stdout.write(JSON.stringify(report.scores, null, 2) + '\n');
  else {
    const nLabels = items.reduce((s, it) => s + it.labels.length, 0);
    process.stdout.write(`${items.length} conversations, ${nLabels} labels (${files.length} file${files.length > 1 ? 's' : ''})`);
    process.stdout.write(formatReport(report, verbose));
  }
  return 0;
}

/** The act model on a labelled split of the repository's real dialogue. */
function actReport(split: 'train' | 'test', verbose: boolean, json: boolean): number {
  const convs = loadSplit(split);
  const items = itemsOf(convs);
  const scores = Object.fromEntries(ACTS.map((a) => [a, scoreAct(items[a], DEFAULT_MIN_CONFIDENCE)])) as Record<Act, ActScore>;
  const first = readLabels(join(LABEL_DIR, 'first.jsonl'));
  const second = readLabels(join(LABEL_DIR, 'second.jsonl'));
  const kappas = Object.fromEntries(ACTS.map((a) => [a, kappa(first, second, a)]));
  if (json) {
    process.stdout.write(JSON.stringify({ split, scores, kappas, model: ACT_MODEL.trainedOn }, null, 2) + '\n');
    return 0;
  }
  const turns = convs.reduce((n, c) => n + c.labels.length, 0);
  const title = `conversational acts — ${split} split: ${turns} labelled user turns in ${convs.length} conversations${split === 'train' ? ' (IN-SAMPLE)' : ' (frozen before training; never tuned on)'}`;
  process.stdout.write(formatActReport(title, scores, kappas, items));
  if (verbose) {
    for (const a of ACTS) {
      const t = DEFAULT_MIN_CONFIDENCE;
      for (const it of items[a]) {
        const kind = it.p >= t && !it.y ? 'FP' : it.p < t && it.y ? 'FN' : null;
        if (!kind) continue;
        process.stdout.write(
          `  ${kind} ${TAG_NAME[a]} ${it.conv} #${it.index} p=${it.p.toFixed(2)}: "${it.text.replace(/\s+/g, ' ').slice(0, 140)}"\n       label: ${it.why}\n`,
        );
      }
    }
  }
  return 0;
}

async function longitudinalSection(json: boolean): Promise<number> {
  const r = await longitudinalReport();
  process.stdout.write(json ? `${JSON.stringify(r.json, null, 2)}\n` : r.text);
  return 0;
}
