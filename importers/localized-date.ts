/**
 * Reads the localized date-time line of Google Takeout's My Activity HTML ("Jan 5, 2025, 3:04:05 PM CET",
 * "5. 1. 2025 15:04:05 SEČ", "2025年1月5日 15:04:05 JST" …) without knowing the account's language. Month
 * names of many languages come from the runtime's own Intl data, so no translation table is kept here.
 * Ambiguous all-numeric dates (5/1/2025) are read day-first unless a number > 12 says otherwise, because
 * the US English export spells months out. Unknown time-zone abbreviations are read as UTC.
 */
const LOCALES = [
  'en',
  'cs',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'pl',
  'sk',
  'sv',
  'da',
  'nb',
  'fi',
  'hu',
  'ro',
  'tr',
  'ru',
  'uk',
  'el',
  'bg',
  'hr',
  'sl',
  'sr',
  'lt',
  'lv',
  'et',
  'ca',
  'id',
  'ms',
  'vi',
  'he',
  'ar',
  'hi',
  'th',
  'fil',
];

let monthMap: Map<string, number> | null = null;

function months(): Map<string, number> {
  if (monthMap) return monthMap;
  const map = new Map<string, number>();
  const add = (name: string, m: number) => {
    const key = name.toLowerCase().replace(/\.$/, '');
    if (key && /\p{L}/u.test(key) && !map.has(key)) map.set(key, m);
  };
  for (const loc of LOCALES) {
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2021, m, 15));
      for (const month of ['long', 'short'] as const) {
        try {
          add(new Intl.DateTimeFormat(loc, { month, timeZone: 'UTC' }).format(d), m + 1);
          // Inside a date many languages use another case (cs "ledna", ru "января").
          const parts = new Intl.DateTimeFormat(loc, { day: 'numeric', month, timeZone: 'UTC' }).formatToParts(d);
          for (const p of parts) if (p.type === 'month') add(p.value, m + 1);
        } catch {
          // a runtime without this locale: the others still work
        }
      }
    }
  }
  monthMap = map;
  return map;
}

const ZONES: Record<string, number> = {
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  mez: 60,
  mesz: 120,
  seč: 60,
  selč: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  aest: 600,
  aedt: 660,
  awst: 480,
  nzst: 720,
  nzdt: 780,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  brt: -180,
  art: -180,
};

const PM = /(^|[^\p{L}])(p\.?\s?m\.?|pm|午後|下午|오후|ص|م)(?=$|[^\p{L}])/iu;
const AM = /(^|[^\p{L}])(a\.?\s?m\.?|am|午前|上午|오전)(?=$|[^\p{L}])/iu;

/** Epoch ms of a localized Takeout date-time line, or null when it is not one. */
export function parseLocalizedDateTime(input: string): number | null {
  const s = input
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > 80) return null;
  const tm = /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(s) ?? /(?:^|\s)(\d{1,2})\.(\d{2})(?:\.(\d{2}))?(?=\s|$)/.exec(s);
  if (!tm) return null;
  let hour = Number(tm[1]);
  const minute = Number(tm[2]);
  const second = Number(tm[3] ?? 0);
  const rest = s.slice(0, tm.index) + ' ' + s.slice(tm.index + tm[0].length);
  const after = s.slice(tm.index + tm[0].length);
  const ym = /(^|\D)((?:19|20)\d\d)(?=\D|$)/.exec(rest);
  if (!ym) return null;
  const year = Number(ym[2]);
  const noYear = rest.slice(0, ym.index + ym[1].length) + ' ' + rest.slice(ym.index + ym[0].length);
  let month: number | undefined;
  const map = months();
  for (const tok of noYear.toLowerCase().match(/\p{L}+\.?/gu) ?? []) {
    const m = map.get(tok.replace(/\.$/, ''));
    if (m) {
      month = m;
      break;
    }
  }
  const nums = (noYear.match(/\d{1,2}/g) ?? []).map(Number);
  let day: number | undefined;
  if (month !== undefined) day = nums[0];
  else if (nums.length >= 2) {
    const [a, b] = nums;
    const yearFirst = ym.index + ym[1].length < rest.search(/(?:^|\D)\d{1,2}(?=\D|$)/);
    if (yearFirst || b > 12) [month, day] = [a, b];
    else [day, month] = [a, b];
  }
  if (!month || !day || month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if (PM.test(s) && hour < 12) hour += 12;
  else if (AM.test(s) && hour === 12) hour = 0;
  let offset = 0;
  const gmt = /(?:GMT|UTC)\s*([+\-−])(\d{1,2})(?::?(\d{2}))?/i.exec(after);
  if (gmt) offset = (gmt[1] === '+' ? 1 : -1) * (Number(gmt[2]) * 60 + Number(gmt[3] ?? 0));
  else {
    const abbr = /(\p{L}{1,5})\s*$/u.exec(after.trim());
    if (abbr) offset = ZONES[abbr[1].toLowerCase()] ?? 0;
  }
  const t = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  return t >= 0 ? t : null;
}
