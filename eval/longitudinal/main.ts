/**
 * `npx tsx eval/longitudinal/main.ts [--histories N] [--seed S] [--json]`: the longitudinal null-model report alone
 * (the same as `npm run eval -- --longitudinal-only`).
 */
import { longitudinalReport, type LongitudinalTag } from './report';

function parseLongitudinalArgs(argv: string[]): { histories?: number; seed?: number; json: boolean; only?: LongitudinalTag[] } {
  const out: { histories?: number; seed?: number; json: boolean; only?: LongitudinalTag[] } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--histories') out.histories = Number(argv[++i]);
    else if (argv[i] === '--seed') out.seed = Number(argv[++i]);
    else if (argv[i] === '--json') out.json = true;
    else if (argv[i] === '--only') out.only = argv[++i].split(',') as LongitudinalTag[];
  }
  return out;
}

if (process.argv[1]?.endsWith('longitudinal/main.ts')) {
  const o = parseLongitudinalArgs(process.argv.slice(2));
  const t0 = Date.now();
  const r = await longitudinalReport(o);
  process.stdout.write(o.json ? JSON.stringify(r.json, null, 2) + '\n' : r.text);
  process.stderr.write(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
