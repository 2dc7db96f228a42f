/** Dates, periods and numbers as the UI shows them (local time, the browser's locale). */

const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** Local calendar day `YYYY-MM-DD`. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local start of the week (Monday) as `YYYY-MM-DD`. */
function weekKey(time: number): string {
  const d = new Date(time);
  const back = (d.getDay() + 6) % 7;
  return dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() - back, 12).getTime());
}

export function monthKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

export type Period = 'week' | 'month';

export const periodKey = (time: number, p: Period) => (p === 'week' ? weekKey(time) : monthKey(time));

/** Midday of a `YYYY-MM-DD` key, as epoch ms (midday avoids daylight-saving edges). */
export function keyTime(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1, 12).getTime();
}

/** Every period key from `from` to `to` inclusive, so charts show empty weeks as zero rather than skipping them. */
export function periodRange(from: number, to: number, p: Period): string[] {
  const out: string[] = [];
  if (!(from <= to)) return out;
  let t = keyTime(periodKey(from, p));
  const last = periodKey(to, p);
  for (let guard = 0; guard < 5000; guard++) {
    const k = periodKey(t, p);
    out.push(k);
    if (k === last) break;
    if (p === 'week') t += 7 * DAY;
    else {
      const d = new Date(t);
      t = new Date(d.getFullYear(), d.getMonth() + 1, 1, 12).getTime();
    }
  }
  return out;
}

export function formatDate(time: number | null | undefined): string {
  if (time == null) return '—';
  return new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(time: number | null | undefined): string {
  if (time == null) return '—';
  return new Date(time).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A period key as a short axis label. */
export function formatPeriod(key: string, p: Period): string {
  const t = keyTime(key.length === 7 ? `${key}-01` : key);
  return new Date(t).toLocaleDateString(undefined, p === 'week' ? { month: 'short', day: 'numeric' } : { month: 'short', year: 'numeric' });
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export { DAY };
