/**
 * A study file (`study.json`): what a research team publishes so a person can decide whether to donate, and where and
 * to whom a donation goes. Pure: runs in the extension, the CLI and the collector alike.
 *
 * Privacy note: the study file is the whole trust decision. The consent screen shows every field of it, and the consent
 * record keeps the SHA-256 of the exact bytes the person saw, so a changed file (another key, another collector, other
 * terms) is a different study and needs consent again.
 */
import { Encrypter } from 'age-encryption';
import { DONATION_LEVELS, type DonationLevel } from '../model/donation';
import { isLocalNetworkHost } from './classroom';

export const STUDY_SCHEMA = 'coevo-study/1';

/** What a donation may contain, from least to most revealing. */
export const LEVELS = DONATION_LEVELS;
export type Level = DonationLevel;

export interface Study {
  schema: typeof STUDY_SCHEMA;
  /** Short stable id: lower-case letters, digits, `.`, `_`, `-` (sent as X-Coevo-Study). */
  id: string;
  /** `study`: a research study; `classroom`: a class demo (same flow, the teacher is the researcher). */
  kind: 'study' | 'classroom';
  title: string;
  institution: string;
  /** Who to ask (an e-mail address or a web page). */
  contact: string;
  /** The ethics approval reference (board and number). */
  ethics: string;
  consent: { version: string; text: string };
  /** The levels the study asks for (at least one). */
  levels: Level[];
  /**
   * The collector's base URL: https, or http only on this machine (127.0.0.1 / localhost, for pilots and tests).
   * A classroom study may also use plain http to a local-network address (the teacher's laptop on the school's LAN).
   */
  collector: string;
  /** How long donations are kept, in the study's words. */
  retention: string;
  /** What withdrawing does, in the study's words. */
  withdrawal: string;
  /** The study's age X25519 public key (`age1…`): donations are encrypted to it on the device. */
  recipient: string;
}

/** The largest study file accepted (the consent text is the only long field). */
export const STUDY_MAX_BYTES = 256 * 1024;

export class StudyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Not a valid study file:\n- ${problems.join('\n- ')}`);
    this.name = 'StudyError';
  }
}

const ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// An X25519 age recipient: "age1" + bech32 of 32 bytes (58 characters). The checksum is checked by age-encryption.
const RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;
const SHORT = 300;
const LONG = 100_000;

function str(o: Record<string, unknown>, k: string, max: number, p: string[], where = k): string {
  const v = o[k];
  if (typeof v !== 'string' || !v.trim()) p.push(`${where}: expected a non-empty string`);
  else if (v.length > max) p.push(`${where}: longer than ${max} characters`);
  return typeof v === 'string' ? v : '';
}

/**
 * Problems with a collector URL ('' when fine). Plain http is refused except to this machine, and, for a classroom
 * study only, to a private (LAN) IPv4 address: a class session runs on the teacher's laptop in the room, where no
 * certificate can be had, and only summary figures (encrypted to the class key) travel. An ordinary study always
 * needs https to anything but this machine.
 */
function collectorProblem(url: string, kind: Study['kind'] = 'study'): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `collector: "${url}" is not a URL`;
  }
  if (u.username || u.password) return 'collector: must not contain a user name or password';
  if (u.search || u.hash) return 'collector: must not contain a query or fragment';
  if (u.protocol === 'https:') return '';
  if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')) return '';
  if (u.protocol === 'http:' && kind === 'classroom' && isLocalNetworkHost(u.hostname)) return '';
  return kind === 'classroom'
    ? `collector: a class needs an https:// URL or plain http to this machine or a local-network address (10.x, 172.16–31.x, 192.168.x, 169.254.x), got "${url}"`
    : `collector: must be an https:// URL (plain http only to 127.0.0.1 or localhost), got "${url}"`;
}

/** Whether `r` is an X25519 age recipient that age-encryption accepts (bech32 checksum included). */
export function isRecipient(r: unknown): boolean {
  if (typeof r !== 'string' || !RECIPIENT_RE.test(r)) return false;
  try {
    new Encrypter().addRecipient(r);
    return true;
  } catch {
    return false;
  }
}

/** Every problem with a parsed study object (empty when valid). */
export function studyProblems(v: unknown): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return ['the study file is not a JSON object'];
  const o = v as Record<string, unknown>;
  const p: string[] = [];
  if (o.schema !== STUDY_SCHEMA) p.push(`schema: expected "${STUDY_SCHEMA}", got ${JSON.stringify(o.schema)}`);
  const id = str(o, 'id', 64, p);
  if (id && !ID_RE.test(id)) p.push(`id: "${id}" — use lower-case letters, digits, ".", "_" and "-" (at most 64)`);
  if (o.kind !== 'study' && o.kind !== 'classroom') p.push(`kind: expected "study" or "classroom"`);
  for (const k of ['title', 'institution', 'contact', 'ethics', 'retention', 'withdrawal']) str(o, k, k === 'title' ? SHORT : 2_000, p);
  const c = o.consent as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) p.push('consent: expected {"version", "text"}');
  else {
    str(c, 'version', 64, p, 'consent.version');
    str(c, 'text', LONG, p, 'consent.text');
  }
  if (!Array.isArray(o.levels) || o.levels.length === 0) p.push(`levels: expected a non-empty list of ${LEVELS.join(', ')}`);
  else {
    for (const l of o.levels) if (!LEVELS.includes(l as Level)) p.push(`levels: unknown level ${JSON.stringify(l)} (known: ${LEVELS.join(', ')})`);
    if (new Set(o.levels).size !== o.levels.length) p.push('levels: a level is listed twice');
  }
  if (typeof o.collector !== 'string') p.push('collector: expected a URL');
  else {
    const cp = collectorProblem(o.collector, o.kind === 'classroom' ? 'classroom' : 'study');
    if (cp) p.push(cp);
  }
  if (typeof o.recipient !== 'string') p.push('recipient: expected the study\'s age public key ("age1…")');
  else if (!isRecipient(o.recipient)) p.push(`recipient: "${String(o.recipient).slice(0, 80)}" is not an age X25519 public key ("age1" + 58 characters)`);
  return p;
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const d = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ParsedStudy {
  study: Study;
  /** SHA-256 (hex) of the exact bytes of the study file: what consent is recorded against. */
  sha256: string;
  /** The file as received (kept so the consent screen and the record show the very bytes hashed). */
  text: string;
}

/** Parses and checks a study file; throws StudyError naming every problem. */
export async function parseStudy(file: string | Uint8Array): Promise<ParsedStudy> {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  if (bytes.length > STUDY_MAX_BYTES) throw new StudyError([`the file is ${bytes.length} bytes; a study file is at most ${STUDY_MAX_BYTES}`]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StudyError(['the file is not UTF-8 text']);
  }
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new StudyError([`the file is not JSON (${(e as Error).message})`]);
  }
  const problems = studyProblems(v);
  if (problems.length) throw new StudyError(problems);
  const o = v as Study;
  // Keep only the known fields, in a fixed order (what the rest of Coevo relies on).
  const study: Study = {
    schema: STUDY_SCHEMA,
    id: o.id,
    kind: o.kind,
    title: o.title,
    institution: o.institution,
    contact: o.contact,
    ethics: o.ethics,
    consent: { version: o.consent.version, text: o.consent.text },
    levels: [...o.levels],
    collector: o.collector.replace(/\/+$/, ''),
    retention: o.retention,
    withdrawal: o.withdrawal,
    recipient: o.recipient,
  };
  return { study, sha256: await sha256Hex(bytes), text };
}

/** The collector's origin (`https://host[:port]`): what the host permission is asked for. */
export function collectorOrigin(study: Pick<Study, 'collector'>): string {
  return new URL(study.collector).origin;
}
