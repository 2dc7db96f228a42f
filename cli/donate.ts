/**
 * `npm run coevo -- donate FILE... --study STUDY.json --level summary|tags|conversations [--redact TERM]... --yes
 *  --receipt OUT.json`: the extension's donation, headless, for pilots and scripted checks. The same core as the
 * extension builds, redacts and encrypts (donation/): the payload is built from the files at the chosen level, the
 * person's terms and the built-in detectors redact it, it is encrypted on this machine to the study's age key and
 * sent to the study's collector with an idempotency key. Without --yes nothing is sent: the exact payload is shown
 * (or written with --preview FILE) for review.
 *
 * Outbox: before the first request, the encrypted donation, its idempotency key and withdrawal secret are written to
 * OUT.json.pending (mode 0600). Running the same command again after an interruption resends that very donation with
 * the same key, so the collector keeps exactly one. The receipt (OUT.json, mode 0600) holds the withdrawal secret:
 * `npm run coevo -- withdraw OUT.json` deletes the donation at the collector.
 */
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildDonation, payloadBytes } from '../donation/payload';
import { encrypt } from '../donation/encrypt';
import { backoffMs, newIdempotencyKey, newWithdrawalSecret, sendDonation, withdrawalHash, type Receipt } from '../donation/protocol';
import { parseStudy, type Level } from '../donation/study';
import { DONATION_LEVELS } from '../model/donation';
import { DEFAULT_MIN_CONFIDENCE } from '../model/tags';
import { SITE_IDS, type ConversationWithMessages, type SiteId } from '../model/types';
import { isSiteId } from '../model/validate';
import { importSource } from '../importers/index';
import { readConversationFile } from './chatfile';

export const summary = 'donate to a study headlessly: build, redact, encrypt (age), send → receipt (--yes to send)';

const USAGE = `usage: npm run coevo -- donate FILE... --study STUDY.json --level summary|tags|conversations
         [--redact TERM]... [--site ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--preview FILE] [--retries N]
         --yes --receipt OUT.json

FILE      conversation files as \`coevo analyze\` reads them (official exports, normalized conversations, chat JSON lines)
--study   the study file you consented to (its consent text is printed; donating with --yes is your consent)
--level   summary (monthly figures, no text) | tags (tags with the messages they cite) | conversations (whole)
--site    which assistant chat-format files come from, when the records don't say (as in \`coevo analyze\`)
--from, --to  only conversations started in this date range
--redact  a term of your own to replace by a marker (name, employer, town); repeat for more
--yes     send it; without --yes nothing leaves this machine and the payload is shown for review
--receipt where to keep the receipt and the withdrawal secret (mode 0600)
`;

type Pending = {
  collector: string;
  studyId: string;
  studySha256: string;
  level: Level;
  idempotencyKey: string;
  withdrawalSecret: string;
  createdAt: string;
  ciphertext: string; // base64
};

export type ReceiptFile = Receipt & {
  studyId: string;
  collector: string;
  level: Level;
  withdrawalSecret: string;
  withdrawnAt?: string;
};

async function readConversations(path: string, site: SiteId | undefined): Promise<ConversationWithMessages[]> {
  const size = statSync(path).size;
  if (!/\.zip$/i.test(path) && size < 512 * 1024 * 1024) {
    const own = readConversationFile(readFileSync(path, 'utf8'), { site });
    if (own) return own.map((f) => f.conversation);
  }
  const out: ConversationWithMessages[] = [];
  const source = { name: path, size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
  for await (const ev of importSource(source)) if (ev.type === 'conversation') out.push(ev.conversation);
  return out;
}

const appVersion = (): string => (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writePrivate(path: string, text: string) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Sends a pending donation until a receipt arrives or a permanent refusal; retries with the outbox's backoff. */
export async function deliver(p: Pending, retries: number, log: (s: string) => void): Promise<Receipt> {
  const ciphertext = new Uint8Array(Buffer.from(p.ciphertext, 'base64'));
  const hash = await withdrawalHash(p.withdrawalSecret);
  for (let attempt = 1; ; attempt++) {
    const r = await sendDonation((u, i) => fetch(u, i), {
      collector: p.collector,
      studyId: p.studyId,
      idempotencyKey: p.idempotencyKey,
      withdrawalHash: hash,
      ciphertext,
    });
    if (r.ok) return r.receipt;
    if (!r.retry || attempt > retries) throw new Error(`the collector did not take the donation: ${r.error}`);
    const wait = Math.min(backoffMs(attempt), 30_000);
    log(`attempt ${attempt} failed (${r.error}); retrying in ${(wait / 1000).toFixed(0)} s with the same idempotency key`);
    await sleep(wait);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      study: { type: 'string' },
      level: { type: 'string' },
      redact: { type: 'string', multiple: true },
      site: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      preview: { type: 'string' },
      retries: { type: 'string' },
      yes: { type: 'boolean' },
      receipt: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return (void process.stdout.write(USAGE), 0);
  const usage = (msg: string) => {
    process.stderr.write(`donate: ${msg}\n\n${USAGE}`);
    return 2;
  };
  if (!values.study) return usage('--study STUDY.json is required');
  if (values.yes && !values.receipt) return usage('--receipt OUT.json is required with --yes (it keeps the withdrawal secret)');
  const retries = values.retries !== undefined ? Number(values.retries) : 5;
  const log = (s: string) => process.stderr.write(`donate: ${s}\n`);
  const pendingPath = `${values.receipt}.pending`;

  if (values.receipt && existsSync(values.receipt)) return usage(`${values.receipt} already holds a receipt; choose another --receipt`);
  let pending: Pending;
  if (values.receipt && existsSync(pendingPath)) {
    if (!values.yes) return usage(`${pendingPath} holds a donation not yet delivered; run again with --yes to send it`);
    pending = JSON.parse(readFileSync(pendingPath, 'utf8')) as Pending;
    log(`resuming the donation prepared at ${pending.createdAt} (same ciphertext, same idempotency key)`);
  } else {
    if (!positionals.length) return usage('give at least one conversation FILE');
    const level = values.level as Level;
    if (!DONATION_LEVELS.includes(level)) return usage(`--level must be one of ${DONATION_LEVELS.join(', ')}`);
    const studyBytes = readFileSync(values.study);
    const { study, sha256: studySha256 } = await parseStudy(studyBytes);
    if (!study.levels.includes(level)) return usage(`the study asks for ${study.levels.join(', ')}, not "${level}"`);
    const day = (s: string | undefined, end: boolean) => {
      if (!s) return null;
      const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : s);
      if (!Number.isFinite(t)) throw new Error(`not a date: ${s}`);
      return t;
    };
    if (values.site !== undefined && !isSiteId(values.site)) return usage(`--site: unknown site "${values.site}" (${SITE_IDS.join(', ')})`);
    const site = values.site as SiteId | undefined;
    const conversations = (await Promise.all(positionals.map((f) => readConversations(f, site)))).flat();
    const now = Date.now();
    const built = buildDonation(
      { conversations },
      {
        level,
        consent: { studyId: study.id, studySha256, version: study.consent.version, at: now },
        selection: { from: day(values.from, false), to: day(values.to, true) },
        terms: values.redact ?? [],
        minConfidence: DEFAULT_MIN_CONFIDENCE,
        appVersion: appVersion(),
        now,
      },
    );
    const bytes = payloadBytes(built);
    const red = Object.entries(built.payload.redaction).filter(([, n]) => n > 0);
    const review =
      `study: ${study.title} — ${study.institution} (${study.id}); collector ${study.collector}\n` +
      `consent ${study.consent.version} (study file SHA-256 ${studySha256}):\n${study.consent.text.replace(/^/gm, '  | ')}\n` +
      `level: ${level}; ${built.conversationIds.length} conversation(s); ${built.rows.length} review row(s); ${bytes.length} bytes before encryption\n` +
      `redacted: ${red.length ? red.map(([k, n]) => `${n} ${k}`).join(', ') : 'nothing'}\n`;
    process.stdout.write(review);
    if (!values.yes) {
      if (values.preview) {
        writeFileSync(values.preview, built.json);
        process.stdout.write(`the exact payload is in ${values.preview}; nothing was sent. Add --yes to send it.\n`);
      } else process.stdout.write(`--- the exact payload (nothing was sent; add --yes to send it) ---\n${built.json}\n`);
      return 0;
    }
    const ciphertext = await encrypt(study.recipient, bytes);
    pending = {
      collector: study.collector,
      studyId: study.id,
      studySha256,
      level,
      idempotencyKey: newIdempotencyKey(),
      withdrawalSecret: newWithdrawalSecret(),
      createdAt: new Date(now).toISOString(),
      ciphertext: Buffer.from(ciphertext).toString('base64'),
    };
    writePrivate(pendingPath, JSON.stringify(pending) + '\n');
  }
  const receipt = await deliver(pending, retries, log);
  if (!values.receipt) throw new Error('unreachable: --receipt is checked above');
  const file: ReceiptFile = {
    ...receipt,
    studyId: pending.studyId,
    collector: pending.collector,
    level: pending.level,
    withdrawalSecret: pending.withdrawalSecret,
  };
  writePrivate(values.receipt, JSON.stringify(file, null, 2) + '\n');
  rmSync(pendingPath, { force: true });
  process.stdout.write(
    `donated: ${receipt.donationId} at ${receipt.receivedAt}\n  ciphertext SHA-256 ${receipt.sha256} (checked against what was sent)\n` +
      `  receipt and withdrawal secret → ${values.receipt} (keep it; withdraw with: npm run coevo -- withdraw ${values.receipt})\n`,
  );
  return 0;
}
