#!/usr/bin/env -S npx tsx
/**
 * `npm run study -- <command> …`: the research team's side of Coevo donations.
 *   init DIR --title "…" --collector URL   a new study: DIR/study.json (public) and DIR/identity.txt (secret, 0600)
 *   serve DIR [--port N] [--database URL]  the collector (embedded PostgreSQL in DIR/db unless --database)
 *   pull DIR --out FILE.jsonl [--raw DIR] [--files DIR]  decrypt, check and validate every current donation
 *   summary DIR [--csv FILE]               figures across donors, with the donor count of every cell
 *   end DIR                                a class session: delete every contribution (cli/study-class.ts)
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateStudyKey, identityFile } from '../donation/encrypt';
import { LEVELS, parseStudy, STUDY_SCHEMA, StudyError, type Level, type Study } from '../donation/study';
import { ADMIN_TOKEN_FILE, DB_DIR, IDENTITY_FILE, runningCollector, SERVE_FILE, STUDY_FILE } from '../collector/donations';
import { DEFAULT_MAX_BYTES, DEFAULT_RATE_PER_MINUTE, startCollector } from '../collector/server';
import { openStore } from '../collector/store';

const USAGE = `usage: npm run study -- <command> DIR [options]

  init DIR --title "…" --collector URL [--institution …] [--contact …] [--ethics …] [--id ID]
           [--levels summary,tags,conversations] [--consent-file FILE] [--consent-version V]
           [--retention …] [--withdrawal …]
      writes DIR/study.json (publish it) and DIR/identity.txt (the age identity: keep it secret, mode 0600)
  init DIR --classroom --title "…" [--collector URL]
      a class session: summary level only; the collector defaults to http://<this laptop's LAN address>:8787;
      prints the class code students type
  serve DIR [--port N] [--host H] [--database postgres://…] [--max-mb N] [--rate N] [--allow-origin O]...
           [--min-students N]
      runs the collector: embedded PostgreSQL in DIR/db, or a PostgreSQL server with --database; for a class also
      the projector page (/present) and the class figures, shown from --min-students students (at least 5)
  end DIR [--database postgres://…]
      ends a class session: deletes every contribution (through the running collector, or in its database)
  pull DIR --out FILE.jsonl [--raw FOLDER] [--files FOLDER] [--database postgres://…]
      decrypts every current donation with DIR/identity.txt, validates it, writes one JSON line each;
      --files also reads the donation files (*.age) donors saved and handed over
  summary DIR [--csv FILE] [--database postgres://…]
      aggregates summary-level donations across donors, with the donor count of every cell
`;

export const fail = (msg: string): never => {
  throw Object.assign(new Error(msg), { usage: true });
};

function slug(title: string): string {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${s || 'study'}-${randomBytes(3).toString('hex')}`;
}

function defaultConsent(s: Omit<Study, 'consent'>): string {
  const what: Record<Level, string> = {
    summary: 'monthly figures only (tag counts and rates, AI-vocabulary and style measures), no text',
    tags: 'tags with the few messages each one cites',
    conversations: 'whole conversations',
  };
  return [
    `${s.title} (${s.institution}) asks you to donate data about your conversations with AI assistants.`,
    `You choose what to give, per donation: ${s.levels.map((l) => what[l]).join('; or ')}.`,
    'Before anything leaves your computer you see exactly what will be sent, can remove any row, and your own terms, e-mail addresses, phone numbers, URLs with queries, IP addresses and card or IBAN numbers are replaced by markers. Redaction is not anonymisation: review what you send.',
    `The donation is encrypted on your device to this study's key; only the research team can read it. Retention: ${s.retention} Withdrawal: ${s.withdrawal}`,
    `Ethics approval: ${s.ethics}. Questions: ${s.contact}.`,
    'Taking part is voluntary; not taking part has no consequence.',
  ].join('\n\n');
}

async function init(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      collector: { type: 'string' },
      institution: { type: 'string' },
      contact: { type: 'string' },
      ethics: { type: 'string' },
      id: { type: 'string' },
      levels: { type: 'string' },
      'consent-file': { type: 'string' },
      'consent-version': { type: 'string' },
      retention: { type: 'string' },
      withdrawal: { type: 'string' },
      classroom: { type: 'boolean' },
    },
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1) fail('init: give exactly one DIR');
  if (!values.title) fail('init: --title "…" is required');
  const classroom = values.classroom === true;
  if (classroom && values.levels && values.levels.trim() !== 'summary') fail('init --classroom: a class collects the summary level only (no --levels)');
  if (!values.collector && classroom) values.collector = (await import('./study-class')).defaultClassCollector();
  if (!values.collector) fail('init: --collector URL is required (the address donors will send to)');
  const studyPath = join(dir!, STUDY_FILE);
  const identityPath = join(dir!, IDENTITY_FILE);
  if (existsSync(identityPath) || existsSync(studyPath))
    fail(`init: ${dir} already holds a study; a new key would make its donations unreadable. Use another folder.`);
  const levels = (values.levels ?? (classroom ? 'summary' : LEVELS.join(','))).split(',').map((l) => l.trim()) as Level[];
  const unstated: string[] = [];
  const given = (v: string | undefined, field: string, fallback: string) => {
    if (v) return v;
    unstated.push(field);
    return fallback;
  };
  const key = await generateStudyKey();
  const base: Omit<Study, 'consent'> = {
    schema: STUDY_SCHEMA,
    id: values.id ?? slug(values.title!),
    kind: classroom ? 'classroom' : 'study',
    title: values.title!,
    institution: given(values.institution, 'institution', 'not stated'),
    contact: given(values.contact, 'contact', 'not stated'),
    ethics: given(values.ethics, 'ethics', classroom ? 'not applicable (classroom demonstration)' : 'not stated'),
    levels,
    collector: values.collector!.replace(/\/+$/, ''),
    retention: values.retention ?? (classroom ? 'Deleted at the end of the class session.' : 'Kept until the end of the study, then deleted.'),
    withdrawal: values.withdrawal ?? 'Withdraw any donation at any time from "My donations" in Coevo; it is deleted from the collector at once.',
    recipient: key.recipient,
  };
  const study: Study = {
    ...base,
    consent: {
      version: values['consent-version'] ?? '1',
      text: values['consent-file'] ? readFileSync(values['consent-file'], 'utf8') : defaultConsent(base),
    },
  } as Study;
  const text = JSON.stringify(study, null, 2) + '\n';
  await parseStudy(text); // the same check donors' Coevo makes: refuse to write a study it would reject
  mkdirSync(dir!, { recursive: true });
  writeFileSync(identityPath, identityFile(key.identity, key.recipient), { mode: 0o600, flag: 'wx' });
  chmodSync(identityPath, 0o600);
  writeFileSync(studyPath, text, { flag: 'wx' });
  process.stdout.write(
    `study "${study.title}" (id ${study.id})\n` +
      `  ${studyPath}     public: publish it; the collector serves it at ${study.collector}/study.json\n` +
      `  ${identityPath}  SECRET: the only key that decrypts donations (mode 0600). Back it up offline; never publish it.\n` +
      (unstated.length && !classroom
        ? `  edit study.json before publishing: ${unstated.join(', ')} ${unstated.length > 1 ? 'are' : 'is'} "not stated"\n`
        : '') +
      (classroom ? (await import('./study-class')).joinLines(study) : '') +
      `next: npm run study -- serve ${dir}\n`,
  );
  return 0;
}

export async function readStudy(dir: string) {
  const path = join(dir, STUDY_FILE);
  if (!existsSync(path)) fail(`${path} not found (make one with: npm run study -- init ${dir} --title "…" --collector URL)`);
  return parseStudy(readFileSync(path));
}

async function serve(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      'max-mb': { type: 'string' },
      rate: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'min-students': { type: 'string' },
    },
  });
  const dir = positionals[0] ?? fail('serve: give the study DIR');
  const { study, text } = await readStudy(dir);
  const cls = study.kind === 'classroom' ? await import('./study-class') : null;
  const threshold = cls ? cls.minStudents(values['min-students']) : 0;
  if (!cls && values['min-students'] !== undefined) fail('serve: --min-students is for class sessions (init --classroom)');
  const other = runningCollector(dir);
  if (other) fail(`serve: a collector for ${dir} is already running (pid ${other.pid}, ${other.url})`);
  const collectorUrl = new URL(study.collector);
  const port = values.port !== undefined ? Number(values.port) : collectorUrl.protocol === 'http:' && collectorUrl.port ? Number(collectorUrl.port) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`serve: --port ${values.port} is not a port`);
  const tokenPath = join(dir, ADMIN_TOKEN_FILE);
  if (!existsSync(tokenPath)) writeFileSync(tokenPath, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  const adminToken = readFileSync(tokenPath, 'utf8').trim();
  const target = values.database ?? join(dir, DB_DIR);
  if (!values.database) mkdirSync(target, { recursive: true });
  const started = Date.now();
  const servePath = join(dir, SERVE_FILE);
  // Claim the folder before opening the embedded database: one process per database, and `pull` asks this one.
  writeFileSync(servePath, JSON.stringify({ pid: process.pid, url: null, database: values.database ? 'postgres' : 'pglite' }) + '\n');
  const release = () => rmSync(servePath, { force: true });
  process.once('exit', release); // also when startup fails (port taken, database unreachable)
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(target);
  } catch (e) {
    release();
    throw e;
  }
  // A class listens on the address its code spells (the laptop's LAN address), so students' laptops reach it.
  const classHost = cls && /^\d+\.\d+\.\d+\.\d+$/.test(collectorUrl.hostname) ? collectorUrl.hostname : undefined;
  let klass: Awaited<ReturnType<NonNullable<typeof cls>['startClass']>> | null = null;
  try {
    if (cls) klass = await cls.startClass({ dir, study, store, adminToken, minStudents: threshold });
  } catch (e) {
    await store.close();
    release();
    throw e;
  }
  const running = await startCollector({
    store,
    studyJson: text,
    studyId: study.id,
    host: values.host ?? classHost ?? '127.0.0.1',
    port,
    maxBytes: values['max-mb'] ? Math.round(Number(values['max-mb']) * 1024 * 1024) : DEFAULT_MAX_BYTES,
    ratePerMinute: values.rate !== undefined ? Number(values.rate) : DEFAULT_RATE_PER_MINUTE,
    adminToken,
    allowOrigins: values['allow-origin'] ?? [],
    hooks: klass?.session.hooks(),
  }).catch(async (e: NodeJS.ErrnoException) => {
    await store.close();
    release();
    if (e.code === 'EADDRNOTAVAIL' && classHost)
      fail(`serve: this laptop no longer has the address ${classHost} that the class code spells (a new network?). Make a new class with init --classroom.`);
    if (e.code === 'EADDRINUSE') fail(`serve: port ${port} is taken by another program; stop it, or make the class with another --collector port`);
    throw e;
  });
  writeFileSync(servePath, JSON.stringify({ pid: process.pid, url: running.url, database: store.kind }) + '\n');
  const counts = await store.count();
  process.stdout.write(
    `collector for "${study.title}" (${study.id}) listening on ${running.url}\n` +
      `  database: ${values.database ? 'PostgreSQL (--database)' : `embedded PostgreSQL in ${resolve(target)}`}, ` +
      `${counts.current} donation(s), ${counts.withdrawn} withdrawn; ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  study file: ${running.url}/study.json   donors send to: ${study.collector}/donations\n` +
      `  admin token (list/export routes): ${tokenPath}\n` +
      (klass && cls ? cls.classBanner(dir, running.url, study, klass.session, adminToken, klass.loaded) : ''),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  klass?.session.close();
  await running.close();
  await store.close();
  release();
  process.stdout.write('collector stopped\n');
  return 0;
}

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  init,
  serve,
  pull: async (argv) => (await import('./study-pull')).pull(argv),
  summary: async (argv) => (await import('./study-summary')).summaryCommand(argv),
  end: async (argv) => (await import('./study-class')).endClass(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const run = name ? commands[name] : undefined;
  if (!run) {
    (name && name !== 'help' && name !== '--help' ? process.stderr : process.stdout).write(USAGE);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  return run(rest);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/study.ts'))
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error & { usage?: boolean }) => {
      const msg = err instanceof StudyError ? err.message : err.message;
      process.stderr.write(`study: ${msg}\n${err.usage ? `\n${USAGE}` : ''}`);
      process.exit(err.usage ? 2 : 1);
    },
  );
