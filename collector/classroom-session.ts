/**
 * A live class session on the teacher's laptop: the collector of a `classroom` study, plus the class figures and the
 * projector page. Mounted into collector/server.ts through its hooks by `npm run study -- serve` when the study is a
 * classroom.
 *
 * Privacy note: the database holds ciphertext only, as for any study. Because the teacher's laptop has the class
 * identity (DIR/identity.txt), this process decrypts each contribution in memory, keeps that student's figures in
 * memory only (never written anywhere, never served), and serves nothing but the k-anonymous class view
 * (collector/classroom.ts). One contribution per student: a student who sends again reuses their class withdrawal
 * secret, so the new one replaces (withdraws) the old one; leaving the class is a withdrawal (DELETE /donations/{id}).
 * Ending the class deletes every row (tombstones too) and refuses new contributions until serve is restarted.
 *
 * Routes added:
 *   GET  /api/class          → the ClassView ({"donors":N,"shown":false,"threshold":k} below the threshold)
 *   GET  /api/class/events   → server-sent events: the ClassView on every change ("class"), "ended" at the end
 *   POST /api/class/end      → deletes every contribution (Bearer admin token) → {"ended":true,"deleted":N}
 *   GET  /present            → the projector page (Preact + chart.js, built in memory at start: classroom-build.ts)
 *   GET  /present/app.js, /present/app.css
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Study } from '../donation/study';
import { classView, classThreshold, studentFigures, type ClassView, type StudentFigures } from './classroom';
import { openDonation, schemaValidator, type StoredDonation } from './donations';
import type { CollectorHooks } from './server';
import type { Store } from './store';
import type { PresentAssets } from './classroom-build';

export interface ClassInfo {
  title: string;
  /** The class code students type (null when the collector address is not IPv4). */
  code: string | null;
  /** The address students can type instead of the code. */
  join: string;
  threshold: number;
}

export interface ClassSessionOptions {
  store: Store;
  study: Study;
  /** The class's age identity (AGE-SECRET-KEY-1…): decrypts in memory only. */
  identity: string;
  adminToken: string;
  threshold?: number;
  info: Omit<ClassInfo, 'threshold'>;
  /** The built projector page; without it /present answers 404. */
  assets?: PresentAssets;
  log?: (line: string) => void;
}

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
};

/** Time the projector's feed waits to gather changes into one update (60 students joining at once → a few updates). */
const COALESCE_MS = 150;

export class ClassSession {
  readonly threshold: number;
  private students = new Map<string, StudentFigures>();
  private unreadable = new Set<string>();
  private streams = new Set<ServerResponse>();
  private ended: { deleted: number; at: string } | null = null;
  private pending: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout;
  /** Stored and withdrawn events applied one at a time, so a withdrawal never races the contribution it removes. */
  private queue: Promise<unknown> = Promise.resolve();
  private version = 0;

  constructor(private readonly opts: ClassSessionOptions) {
    this.threshold = classThreshold(opts.threshold);
    this.heartbeat = setInterval(() => {
      for (const s of this.streams) s.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  get info(): ClassInfo {
    return { ...this.opts.info, threshold: this.threshold };
  }

  private log(line: string) {
    this.opts.log?.(line);
  }

  /** Decrypts every current contribution (at start, e.g. after a restart mid-class). */
  async load(): Promise<{ students: number; unreadable: number }> {
    schemaValidator(); // compiled now, not on the first student's contribution
    for (const m of await this.opts.store.list()) {
      if (m.withdrawnAt) continue;
      await this.add({ ...m, ciphertext: await this.opts.store.ciphertext(m.donationId) });
    }
    return { students: this.students.size, unreadable: this.unreadable.size };
  }

  private async add(d: StoredDonation): Promise<void> {
    const opened = await openDonation(d, this.opts.identity, this.opts.study.id);
    if (opened.status === 'ok') {
      const f = studentFigures(opened.payload);
      if (f) {
        this.students.set(d.donationId, f);
        return;
      }
      this.log(`class: contribution ${d.donationId} is not at the summary level; not counted`);
    } else if (opened.status === 'invalid') this.log(`class: contribution ${d.donationId} not counted: ${opened.error}`);
    if (opened.status !== 'withdrawn') this.unreadable.add(d.donationId);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((e: unknown) => this.log(`class: ${e instanceof Error ? e.message : String(e)}`));
    this.queue = run;
    return run;
  }

  view(): ClassView {
    if (this.ended) return { donors: 0, shown: false, threshold: this.threshold, ended: true };
    return classView([...this.students.values()], this.threshold);
  }

  /** How many current contributions could not be read (wrong key, not a summary): said in serve's log only. */
  get unreadableCount() {
    return this.unreadable.size;
  }

  private changed() {
    this.version++;
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      const data = JSON.stringify(this.view());
      for (const s of this.streams) s.write(`event: class\ndata: ${data}\n\n`);
    }, COALESCE_MS);
  }

  /** Deletes every contribution; new ones are refused from now on. */
  async end(): Promise<{ deleted: number }> {
    let deleted = 0;
    await this.enqueue(async () => {
      // Said in contributions (current ones); the rows removed also include withdrawal records.
      deleted = (await this.opts.store.count()).current;
      await this.opts.store.purge();
      this.students.clear();
      this.unreadable.clear();
      this.ended = { deleted, at: new Date().toISOString() };
    });
    if (!this.ended) throw new Error('the class could not be ended (see the collector log)');
    if (this.pending) clearTimeout(this.pending), (this.pending = null);
    const data = JSON.stringify({ ...this.ended });
    for (const s of this.streams) s.write(`event: ended\ndata: ${data}\n\n`);
    this.log(`class ended: ${deleted} contribution(s) deleted`);
    return { deleted };
  }

  close() {
    clearInterval(this.heartbeat);
    if (this.pending) clearTimeout(this.pending);
    for (const s of this.streams) s.end();
    this.streams.clear();
  }

  private teacher(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? '';
    return auth.startsWith('Bearer ') && sameToken(auth.slice(7), this.opts.adminToken);
  }

  hooks(): CollectorHooks {
    return {
      refuse: () => (this.ended ? 'this class has ended; its contributions were deleted' : null),
      // Not awaited by the upload: the student's receipt does not wait for the class figures (GET /api/class and the
      // live feed wait for the queue, so what they show is never behind an acknowledged contribution).
      stored: async ({ receipt, withdrawalHash, ciphertext }) =>
        void this.enqueue(async () => {
          for (const old of await this.opts.store.supersede(withdrawalHash, receipt.donationId)) {
            this.students.delete(old);
            this.unreadable.delete(old);
          }
          await this.add({ ...receipt, studyId: this.opts.study.id, size: ciphertext.byteLength, withdrawnAt: null, ciphertext });
          this.changed();
        }),
      withdrawn: (id) =>
        this.enqueue(async () => {
          this.students.delete(id);
          this.unreadable.delete(id);
          this.changed();
        }),
      route: (req, res, url, cors) => this.route(req, res, url, cors),
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/api/class' && method === 'GET') {
      await this.queue;
      json(res, 200, this.view(), cors);
      return true;
    }
    if (path === '/api/class/events' && method === 'GET') {
      await this.queue;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...cors,
      });
      res.write(`retry: 2000\n\n`);
      res.write(this.ended ? `event: ended\ndata: ${JSON.stringify(this.ended)}\n\n` : `event: class\ndata: ${JSON.stringify(this.view())}\n\n`);
      this.streams.add(res);
      req.socket.setTimeout(0);
      res.on('close', () => this.streams.delete(res));
      return true;
    }
    if (path === '/api/class/end') {
      if (method !== 'POST') {
        json(res, 405, { error: 'use POST with the teacher token' }, { allow: 'POST' });
        return true;
      }
      if (!this.teacher(req)) {
        json(
          res,
          401,
          { error: 'only the teacher can end the class: "Authorization: Bearer <admin token>" (the projector link printed by serve carries it)' },
          { 'www-authenticate': 'Bearer' },
        );
        return true;
      }
      if (this.ended) {
        json(res, 200, { ended: true, deleted: 0, already: true });
        return true;
      }
      const { deleted } = await this.end();
      json(res, 200, { ended: true, deleted });
      return true;
    }
    const assets = this.opts.assets;
    if (assets && method === 'GET' && (path === '/present' || path === '/present/app.js' || path === '/present/app.css')) {
      const [body, type] =
        path === '/present'
          ? [assets.html(this.info), 'text/html; charset=utf-8']
          : path.endsWith('.js')
            ? [assets.js, 'text/javascript; charset=utf-8']
            : [assets.css, 'text/css; charset=utf-8'];
      res.writeHead(200, {
        'content-type': type,
        'content-length': String(Buffer.byteLength(body)),
        'cache-control': 'no-store',
        // The page loads only its own script and style, and talks only to this collector.
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
      return true;
    }
    return false;
  }

  /** Increments on every change (tests wait on it). */
  get changes() {
    return this.version;
  }
}
