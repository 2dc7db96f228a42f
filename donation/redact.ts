/**
 * Redaction before donation: finds e-mail addresses, phone numbers, URLs with a query string, IP addresses, payment
 * card numbers (Luhn-checked), IBANs (mod-97-checked) and the person's own terms (name, employer, town…), and replaces
 * each with a marker such as `[EMAIL]`. Pure and deterministic, so the review screen shows exactly what will be sent.
 *
 * Validator-grade on purpose (see shared/reference/donation.md §5): a number is a card only if its checksum holds, an
 * IBAN only if mod 97 gives 1, an IP only if every part is in range. What it cannot know: names, addresses and other
 * identifying prose unless the person lists them as terms. The UI says so; a redacted donation is not anonymous.
 */

import { REDACTION_KINDS, type RedactionCounts, type RedactionKind } from '../model/donation';

export type { RedactionCounts, RedactionKind };

const MARKERS: Record<RedactionKind, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  url: '[URL]',
  ip: '[IP]',
  card: '[CARD]',
  iban: '[IBAN]',
  term: '[REDACTED]',
};

export interface RedactionSpan {
  kind: RedactionKind;
  /** In the original text (start inclusive, end exclusive). */
  start: number;
  end: number;
  /** Where the marker sits in the redacted text. */
  outStart: number;
  outEnd: number;
}

export interface Redacted {
  text: string;
  spans: RedactionSpan[];
  counts: RedactionCounts;
}

export function emptyCounts(): RedactionCounts {
  return { email: 0, phone: 0, url: 0, ip: 0, card: 0, iban: 0, term: 0 };
}

export function addCounts(into: RedactionCounts, c: RedactionCounts): RedactionCounts {
  for (const k of REDACTION_KINDS) into[k] += c[k];
  return into;
}

interface Hit {
  kind: RedactionKind;
  start: number;
  end: number;
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
// A URL with a query string: the query is where tokens, session ids and search terms live. URLs without one are kept.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])/g;
// Card: 13–19 digits, optionally grouped by single spaces or hyphens; issuers start with 2–6.
const CARD = /(?<![\w-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\w-])/g;
const IBAN = /(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![\w])/g;
// Phone: an international +NN… number, or a number in at least three groups (spaces, dots, hyphens, parentheses).
const PHONE = /(?<![\w+.-])(?:\+|00)?\(?\d[\d ().-]{5,20}\d(?![\w-]|\.\d)/g;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of r) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

function ipv6Valid(s: string): boolean {
  const addr = s.replace(/%\w+$/, '');
  if (!/\d/.test(addr)) return false; // "a::b" in code is a namespace, not an address
  const dbl = addr.split('::');
  if (dbl.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = dbl.flatMap(groups);
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return dbl.length === 2 ? all.length <= 7 && all.length >= 2 : all.length === 8;
}

function phoneValid(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const intl = s.startsWith('+') || s.startsWith('00');
  // Dates and times are the classic false positives: 2024-05-01, 01.05.2024, 12/05/2024.
  if (/^\d{4}[-.]\d{1,2}[-.]\d{1,2}$/.test(s) || /^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}$/.test(s)) return false;
  if (intl) return digits.length >= 8;
  const groups = s.split(/[ ().-]+/).filter(Boolean);
  // A bare run of digits is an id, a timestamp or an amount far more often than a phone number; so is "1990-2000".
  if (groups.length < 3) return s.startsWith('(') && groups.length >= 2;
  if (groups.some((g) => g.length > 5)) return false;
  // "3.14.15" or "1.2.3" versions: dots only with short groups of one digit are not phones.
  if (/^[\d.]+$/.test(s) && groups.some((g) => g.length < 2)) return false;
  return true;
}

function ipv4Valid(s: string, text: string, start: number): boolean {
  if (!s.split('.').every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')))) return false;
  // "version 1.2.3.4", "v1.2.3.4": a version number, not an address.
  const before = text.slice(Math.max(0, start - 9), start).toLowerCase();
  return !/(?:^|[^a-z])(?:v|version|ver\.?)\s?$/.test(before);
}

function trimUrl(s: string): string {
  // Sentence punctuation after a URL is not part of it; a ")" is only if the URL opened one.
  let u = s;
  for (;;) {
    const last = u[u.length - 1];
    if (/[.,;:!?'"\]}>]/.test(last)) u = u.slice(0, -1);
    else if (last === ')' && (u.match(/\(/g)?.length ?? 0) < (u.match(/\)/g)?.length ?? 0)) u = u.slice(0, -1);
    else return u;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Normalizes the person's terms: trimmed, non-empty, unique (case-insensitive), longest first. */
export function normalizeTerms(terms: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const t of terms) {
    const s = t.trim().replace(/\s+/g, ' ');
    if (s && !seen.has(s.toLowerCase())) seen.set(s.toLowerCase(), s);
  }
  return [...seen.values()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** Builds the matcher for the person's terms once (whole words, any case, any whitespace between words). */
export function termMatcher(terms: readonly string[]): RegExp | null {
  const list = normalizeTerms(terms);
  if (!list.length) return null;
  const alts = list.map((t) => escapeRe(t).replace(/ /g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alts.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

function collect(text: string, re: RegExp, kind: RedactionKind, ok: (m: string, start: number) => string | null, into: Hit[]) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const got = ok(m[0], m.index);
    if (got) into.push({ kind, start: m.index, end: m.index + got.length });
    if (m[0].length === 0) re.lastIndex++;
  }
}

export interface RedactOptions {
  /** The person's own terms (name, employer, town…). */
  terms?: readonly string[];
  /** A prebuilt termMatcher(terms), to avoid rebuilding it per message. */
  matcher?: RegExp | null;
}

/** Redacts one text. Earlier detectors win overlaps in this order: URL, e-mail, IBAN, card, IP, phone, terms. */
export function redact(text: string, opts: RedactOptions = {}): Redacted {
  const hits: Hit[] = [];
  collect(
    text,
    URL_RE,
    'url',
    (m) => {
      const u = trimUrl(m);
      const q = u.replace(/#.*$/, '');
      const i = q.indexOf('?');
      return i >= 0 && i < q.length - 1 ? u : null;
    },
    hits,
  );
  collect(text, EMAIL, 'email', (m) => m, hits);
  collect(
    text,
    IBAN,
    'iban',
    (m) => {
      const t = m.replace(/ +$/, '');
      return ibanValid(t) ? t : null;
    },
    hits,
  );
  collect(
    text,
    CARD,
    'card',
    (m, start) => {
      // The digits of an IBAN with a wrong checksum are not a card ("DE89 3704 0044 …").
      if (/[A-Z]{2}\d{2} ?$/.test(text.slice(Math.max(0, start - 5), start))) return null;
      const d = m.replace(/\D/g, '');
      return d.length >= 13 && d.length <= 19 && luhn(d) ? m : null;
    },
    hits,
  );
  collect(text, IPV4, 'ip', (m, start) => (ipv4Valid(m, text, start) ? m : null), hits);
  collect(text, IPV6, 'ip', (m) => (ipv6Valid(m) ? m : null), hits);
  collect(
    text,
    PHONE,
    'phone',
    (m) => {
      const t = m.replace(/[ (.-]+$/, '');
      return phoneValid(t) ? t : null;
    },
    hits,
  );
  const matcher = opts.matcher !== undefined ? opts.matcher : termMatcher(opts.terms ?? []);
  if (matcher) collect(text, matcher, 'term', (m) => m, hits);

  // Keep the first detector's hit where two overlap (the order above), then go left to right.
  const taken: Hit[] = [];
  for (const h of hits) if (!taken.some((t) => h.start < t.end && t.start < h.end)) taken.push(h);
  taken.sort((a, b) => a.start - b.start);

  const counts = emptyCounts();
  const spans: RedactionSpan[] = [];
  let out = '';
  let at = 0;
  for (const h of taken) {
    out += text.slice(at, h.start);
    const marker = MARKERS[h.kind];
    spans.push({ kind: h.kind, start: h.start, end: h.end, outStart: out.length, outEnd: out.length + marker.length });
    out += marker;
    at = h.end;
    counts[h.kind]++;
  }
  out += text.slice(at);
  return { text: out, spans, counts };
}
