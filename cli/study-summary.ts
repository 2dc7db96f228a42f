/**
 * `npm run study -- summary DIR [--csv FILE] [--database URL]`: figures across donors from every current, valid
 * donation. One cell per (measure, key, period, site) with the number of donors behind it, their mean and median, and
 * for counts the total. A donation is counted as one donor: payloads carry no person id (by design, donations cannot be
 * linked), so a person who donated twice counts twice.
 *
 * Measures: from summary-level donations `user_messages`, `tag_count`, `tag_rate` (per 100 user messages, as donated),
 * `ai_vocabulary`, `lsm`, `coordination` (key = direction), `style_distance`; from tags-level donations `tags_donated`
 * (tags per type and month of the tag) and the donors' own verdicts on those tags, per tag type over all months:
 * `tags_confirmed` ("Is this right?" — Yes), `tags_disputed` (No), `tags_unsure` (Not sure), `tags_unjudged` (no answer;
 * also every tag of a donation made before verdicts were donated). Conversation-level donations are counted only.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DonatedTag, DonationPayload } from '../model/donation';
import { openAll } from './study-pull';
import { fail } from './study';

export const VERDICT_MEASURES = { yes: 'tags_confirmed', no: 'tags_disputed', unsure: 'tags_unsure', unjudged: 'tags_unjudged' } as const;

const verdictOf = (t: DonatedTag): keyof typeof VERDICT_MEASURES => t.verdict ?? 'unjudged';

export type VerdictRow = { type: string; donors: number; confirmed: number; disputed: number; unsure: number; unjudged: number };

/** Per tag type, over all tags-level donations: how many tags donors confirmed, disputed, were unsure of, or left unjudged. */
export function verdictTable(payloads: readonly DonationPayload[]): VerdictRow[] {
  const rows = new Map<string, VerdictRow>();
  for (const p of payloads) {
    const seen = new Set<string>();
    for (const t of p.tags ?? []) {
      let r = rows.get(t.type);
      if (!r) rows.set(t.type, (r = { type: t.type, donors: 0, confirmed: 0, disputed: 0, unsure: 0, unjudged: 0 }));
      if (!seen.has(t.type)) seen.add(t.type), r.donors++;
      const v = verdictOf(t);
      if (v === 'yes') r.confirmed++;
      else if (v === 'no') r.disputed++;
      else if (v === 'unsure') r.unsure++;
      else r.unjudged++;
    }
  }
  return [...rows.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export type Cell = { measure: string; key: string; period: string; site: string; donors: number; mean: number; median: number; total: number };

/** Aggregates payloads into cells (pure: the unit of `study summary`). */
export function aggregate(payloads: readonly DonationPayload[]): Cell[] {
  const cells = new Map<string, { measure: string; key: string; period: string; site: string; values: number[] }>();
  const add = (measure: string, key: string, period: string, site: string, value: number) => {
    const k = `${measure}\u0000${key}\u0000${period}\u0000${site}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { measure, key, period, site, values: [] }));
    c.values.push(value);
  };
  for (const p of payloads) {
    const s = p.summary;
    if (s) {
      for (const x of s.userMessages) add('user_messages', '', x.period, x.site, x.value);
      for (const [tag, pts] of Object.entries(s.tagCounts)) for (const x of pts) add('tag_count', tag, x.period, x.site, x.value);
      for (const [tag, pts] of Object.entries(s.tagRates)) for (const x of pts) add('tag_rate', tag, x.period, x.site, x.value);
      for (const x of s.aiVocabulary) add('ai_vocabulary', '', x.period, 'all', x.value);
      for (const x of s.lsm) add('lsm', '', x.period, x.site, x.value);
      for (const x of s.coordination) add('coordination', x.influence, x.period, x.site, x.value);
      for (const x of s.styleDistance) add('style_distance', '', x.period, x.site, x.value);
    }
    if (p.tags) {
      const perDonor = new Map<string, number>();
      for (const t of p.tags) {
        const k = `${t.type}\u0000${t.time ? t.time.slice(0, 7) : 'unknown'}\u0000${t.site}`;
        perDonor.set(k, (perDonor.get(k) ?? 0) + 1);
      }
      for (const [k, n] of perDonor) {
        const [type, period, site] = k.split('\u0000') as [string, string, string];
        add('tags_donated', type, period, site, n);
      }
      // Verdicts per tag type: every measure gets a value (0 included) from each donation that has tags of that type,
      // so the donor count is the same for the four and the means compare.
      const verdicts = new Map<string, Record<keyof typeof VERDICT_MEASURES, number>>();
      for (const t of p.tags) {
        let v = verdicts.get(t.type);
        if (!v) verdicts.set(t.type, (v = { yes: 0, no: 0, unsure: 0, unjudged: 0 }));
        v[verdictOf(t)]++;
      }
      for (const [type, v] of verdicts)
        for (const k of Object.keys(VERDICT_MEASURES) as (keyof typeof VERDICT_MEASURES)[]) add(VERDICT_MEASURES[k], type, 'all', 'all', v[k]);
    }
  }
  return [...cells.values()]
    .map((c) => {
      const v = [...c.values].sort((a, b) => a - b);
      const total = v.reduce((a, b) => a + b, 0);
      const mid = v.length >> 1;
      return {
        measure: c.measure,
        key: c.key,
        period: c.period,
        site: c.site,
        donors: v.length,
        mean: total / v.length,
        median: v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2,
        total,
      };
    })
    .sort((a, b) => a.measure.localeCompare(b.measure) || a.key.localeCompare(b.key) || a.period.localeCompare(b.period) || a.site.localeCompare(b.site));
}

const csvField = (v: string | number) => (typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(cells: readonly Cell[]): string {
  const head = ['measure', 'key', 'period', 'site', 'donors', 'mean', 'median', 'total'] as const;
  return [head.join(','), ...cells.map((c) => head.map((h) => csvField(c[h])).join(','))].join('\n') + '\n';
}

export async function summaryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { csv: { type: 'string' }, database: { type: 'string' } },
  });
  const dir = positionals[0] ?? fail('summary: give the study DIR');
  const { from, opened } = await openAll(dir, values.database);
  const payloads = opened.flatMap((o) => (o.status === 'ok' ? [o.payload] : []));
  const byLevel = { summary: 0, tags: 0, conversations: 0 };
  for (const p of payloads) byLevel[p.level]++;
  const cells = aggregate(payloads);
  const invalid = opened.filter((o) => o.status === 'invalid').length;
  const withdrawn = opened.filter((o) => o.status === 'withdrawn').length;
  let out =
    `${payloads.length} valid donation(s) from ${from}: ${byLevel.summary} summary, ${byLevel.tags} tags, ${byLevel.conversations} conversations` +
    ` (${withdrawn} withdrawn and ${invalid} invalid left out)\n` +
    `${cells.length} cells; each counts one donor per donation (donations are not linkable to a person)\n\n`;
  const shownCells = cells.filter((c) => c.site === 'all' && ['tag_rate', 'ai_vocabulary', 'lsm', 'user_messages', 'tags_donated'].includes(c.measure));
  if (shownCells.length) {
    out += `${'measure'.padEnd(15)} ${'key'.padEnd(22)} ${'period'.padEnd(8)} ${'donors'.padStart(6)} ${'mean'.padStart(10)} ${'median'.padStart(10)}\n`;
    for (const c of shownCells.slice(0, 80))
      out += `${c.measure.padEnd(15)} ${c.key.padEnd(22)} ${c.period.padEnd(8)} ${String(c.donors).padStart(6)} ${c.mean.toFixed(3).padStart(10)} ${c.median.toFixed(3).padStart(10)}\n`;
    if (shownCells.length > 80) out += `… ${shownCells.length - 80} more rows for all sites together\n`;
    out += values.csv ? '' : '\nevery cell (each site, every measure): --csv FILE\n';
  }
  const verdicts = verdictTable(payloads);
  if (verdicts.length) {
    out += `\nverdicts of donors on their tags ("Is this right?"), tags-level donations, all months:\n`;
    out += `${'tag type'.padEnd(24)} ${'donors'.padStart(6)} ${'confirmed'.padStart(9)} ${'disputed'.padStart(9)} ${'not sure'.padStart(9)} ${'unjudged'.padStart(9)} ${'confirmed of judged'.padStart(20)}\n`;
    for (const r of verdicts) {
      const judged = r.confirmed + r.disputed;
      out += `${r.type.padEnd(24)} ${String(r.donors).padStart(6)} ${String(r.confirmed).padStart(9)} ${String(r.disputed).padStart(9)} ${String(r.unsure).padStart(9)} ${String(r.unjudged).padStart(9)} ${(judged ? `${Math.round((100 * r.confirmed) / judged)} %` : '—').padStart(20)}\n`;
    }
  }
  process.stdout.write(out);
  if (values.csv) {
    writeFileSync(values.csv, toCsv(cells));
    process.stdout.write(`${cells.length} cells → ${values.csv}\n`);
  }
  return 0;
}
