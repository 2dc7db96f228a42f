/**
 * The class-session parts of `npm run study`: where a class collector listens by default (this laptop's LAN address),
 * what `serve` adds for a classroom study (decrypting in memory for the class view, the projector page), and
 * `npm run study -- end DIR` (deletes every contribution, confirmed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classCode, isLocalNetworkHost, MIN_CLASS_SIZE } from '../donation/classroom';
import type { Study } from '../donation/study';
import { presentAssets } from '../collector/classroom-build';
import { ClassSession } from '../collector/classroom-session';
import { ADMIN_TOKEN_FILE, DB_DIR, IDENTITY_FILE, runningCollector } from '../collector/donations';
import { openStore, type Store } from '../collector/store';
import { fail, readStudy } from './study';

/** The port a class collector listens on unless --collector says otherwise. */
export const DEFAULT_CLASS_PORT = 8787;

/** This laptop's private IPv4 address on the local network (the first one found), or null. */
export function lanAddress(interfaces = networkInterfaces()): string | null {
  for (const list of Object.values(interfaces))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && isLocalNetworkHost(a.address) && !a.address.startsWith('127.')) return a.address;
  return null;
}

/** The default collector of a class: http://<LAN IPv4>:8787. */
export function defaultClassCollector(): string {
  const ip = lanAddress();
  if (!ip)
    fail(
      'init --classroom: this laptop has no local-network IPv4 address (is it on the school Wi-Fi?). ' +
        'Connect it, or give the address students will reach it at with --collector http://ADDRESS:PORT',
    );
  return `http://${ip}:${DEFAULT_CLASS_PORT}`;
}

/** The code students type, when the collector address can be spelled as one (IPv4 + port). */
export function codeOf(collector: string): string | null {
  try {
    return classCode(collector);
  } catch {
    return null;
  }
}

export function joinLines(study: Study): string {
  const code = codeOf(study.collector);
  return (
    `  class code: ${code ?? '(none: the collector address is not an IPv4 address; students use the address)'}\n` +
    `  join address: ${study.collector}\n` +
    `  students: Coevo → Classroom → Join, then type the class code${code ? '' : ' or address'}\n`
  );
}

export function readIdentity(dir: string): string {
  const path = join(dir, IDENTITY_FILE);
  if (!existsSync(path)) fail(`${path} not found: a class session needs its identity on this laptop to show class figures`);
  const id = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('AGE-SECRET-KEY-'));
  return id ?? fail(`${path} holds no AGE-SECRET-KEY- line`);
}

/** Parses --min-students: a number, never below MIN_CLASS_SIZE. */
export function minStudents(v: string | undefined): number {
  if (v === undefined) return MIN_CLASS_SIZE;
  const n = Number(v);
  if (!Number.isInteger(n)) fail(`--min-students ${v} is not a whole number`);
  if (n < MIN_CLASS_SIZE) fail(`--min-students ${v}: the class figures are never shown for fewer than ${MIN_CLASS_SIZE} students`);
  return n;
}

/** Sets up the class session that `serve` mounts into the collector (decrypted figures in memory, projector page). */
export async function startClass(opts: { dir: string; study: Study; store: Store; adminToken: string; minStudents: number }) {
  const assets = await presentAssets();
  const session = new ClassSession({
    store: opts.store,
    study: opts.study,
    identity: readIdentity(opts.dir),
    adminToken: opts.adminToken,
    threshold: opts.minStudents,
    info: { title: opts.study.title, code: codeOf(opts.study.collector), join: opts.study.collector },
    assets,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const loaded = await session.load();
  return { session, loaded };
}

export function classBanner(
  dir: string,
  url: string,
  study: Study,
  session: ClassSession,
  adminToken: string,
  loaded: { students: number; unreadable: number },
): string {
  return (
    `class "${study.title}": ${loaded.students} student(s) joined so far${loaded.unreadable ? `, ${loaded.unreadable} contribution(s) unreadable` : ''}; ` +
    `charts appear at ${session.threshold} students\n` +
    joinLines(study) +
    `  projector (open on this laptop; the link carries the teacher token, the page hides it at once):\n` +
    `    ${url}/present#teacher=${adminToken}\n` +
    `  end the class (deletes every contribution): the "End class" button there, or npm run study -- end ${dir}\n`
  );
}

/** `npm run study -- end DIR`: deletes every contribution of a class, through its running collector or in its database. */
export async function endClass(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { database: { type: 'string' } } });
  const dir = positionals[0] ?? fail('end: give the class DIR');
  const { study } = await readStudy(dir);
  if (study.kind !== 'classroom') fail(`end: ${dir} is a research study, not a class; "end" deletes every donation and is for classes only`);
  const live = values.database ? null : runningCollector(dir);
  if (live && !live.url) fail(`end: the collector for ${dir} (pid ${live.pid}) is still starting; retry in a moment`);
  let deleted: number;
  let left: number;
  if (live?.url) {
    const token = readFileSync(join(dir, ADMIN_TOKEN_FILE), 'utf8').trim();
    const auth = { authorization: `Bearer ${token}` };
    const res = await fetch(`${live.url}/api/class/end`, { method: 'POST', headers: auth });
    const body = (await res.json().catch(() => ({}))) as { deleted?: number; error?: string; already?: boolean };
    if (!res.ok) throw new Error(`the running collector (${live.url}) did not end the class: ${res.status} ${body.error ?? ''}`);
    deleted = body.deleted ?? 0;
    const list = await fetch(`${live.url}/admin/donations`, { headers: auth });
    left = ((await list.json()) as { donations: unknown[] }).donations.length;
  } else {
    const target = values.database ?? join(dir, DB_DIR);
    if (!values.database && !existsSync(target)) {
      process.stdout.write(`class "${study.title}" ended: nothing was ever stored (${target} does not exist)\n`);
      return 0;
    }
    const store = await openStore(target);
    try {
      deleted = (await store.count()).current; // said in contributions; withdrawal records go too
      await store.purge();
      left = (await store.list()).length;
    } finally {
      await store.close();
    }
  }
  if (left !== 0) throw new Error(`the class was ended but ${left} row(s) remain; run end again`);
  process.stdout.write(
    `class "${study.title}" ended: ${deleted} contribution(s) deleted${live?.url ? ` by the running collector (${live.url}); it now refuses new ones` : ''}\n` +
      `  confirmed: the collector holds 0 contributions (withdrawal records included)\n`,
  );
  return 0;
}
