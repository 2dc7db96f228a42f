/**
 * Class sessions: student figures from a summary payload, k-anonymous binning, the class view's threshold, and the
 * collector's class routes over HTTP on 127.0.0.1 (embedded database): count only below the threshold, figures from it,
 * a re-sent contribution replacing the old one, leaving, the live feed, and ending the class (teacher only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../analysis/random';
import { generateStudyKey } from '../donation/encrypt';
import { newWithdrawalSecret } from '../donation/protocol';
import { makeStudy } from '../donation/testing';
import type { Study } from '../donation/study';
import type { DonationPayload } from '../model/donation';
import { binLabel, classView, FIGURES, kAnonymousBins, studentFigures, type ClassView, type StudentFigures } from './classroom';
import { ClassSession } from './classroom-session';
import { contribute, leave } from './classroom-testing';
import { startCollector, type RunningCollector } from './server';
import { openStore, type Store } from './store';
import { samplePayload } from './testing';

const payload = (studyId: string) => JSON.parse(samplePayload(studyId, 'summary')) as DonationPayload;

describe('student figures', () => {
  it('computes rates per 100 messages, the give-way share and the two changes from a summary payload', () => {
    const p = payload('class-1');
    p.summary!.totals.userMessages = 40;
    Object.assign(p.summary!.totals.tags, {
      'user-pushback': 4,
      'user-concession': 2,
      delegation: 1,
      'assistant-capitulation': 3,
      'assistant-held-position': 1,
    });
    p.summary!.aiVocabulary = [
      { period: '2026-01', value: 2, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 1000 },
      { period: '2026-02', value: 4, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 3000 },
      { period: '2026-03', value: 100, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 10 }, // middle of 5: left out
      { period: '2026-04', value: 9, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 1000 },
      { period: '2026-05', value: 13, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 1000 },
    ];
    p.summary!.styleDistance = [
      { period: '2026-01', site: 'all', value: 0.5 },
      { period: '2026-02', site: 'all', value: 0.4 },
      { period: '2026-02', site: 'chatgpt', value: 0.1 },
    ];
    p.sample = true;
    const f = studentFigures(p)!;
    expect(f.sample).toBe(true);
    expect(f.values.pushback).toBeCloseTo(10);
    expect(f.values.concession).toBeCloseTo(5);
    expect(f.values.delegation).toBeCloseTo(2.5);
    expect(f.values.gaveWay).toBeCloseTo(75);
    expect(f.values.aiVocabulary).toBeCloseTo(11 - 3.5); // (9+13)/2 − (2·1000+4·3000)/4000
    expect(f.values.styleShift).toBeCloseTo(-20);
  });

  it('leaves out what a student has no basis for, and refuses other levels', () => {
    const p = payload('class-1');
    p.summary!.totals.userMessages = 0;
    Object.assign(p.summary!.totals.tags, { 'assistant-capitulation': 0, 'assistant-held-position': 0 });
    p.summary!.aiVocabulary = [];
    p.summary!.styleDistance = [];
    expect(studentFigures(p)).toEqual({ sample: false, values: {} });
    expect(studentFigures({ ...p, level: 'tags', summary: undefined, tags: [] })).toBeNull();
  });
});

describe('k-anonymous bins', () => {
  const edges = [0, 1e-9, 1, 2, 5, 10, Infinity];

  it('labels bins without spelling out extremes', () => {
    expect(binLabel(0, 1e-9)).toBe('none');
    expect(binLabel(1e-9, 2)).toBe('above 0, under 2');
    expect(binLabel(2, 5)).toBe('2–5');
    expect(binLabel(10, Infinity)).toBe('10 or more');
    expect(binLabel(-Infinity, -5)).toBe('under −5');
    expect(binLabel(-5, 2.5)).toBe('−5 to 2.5');
    expect(binLabel(100, Infinity, { top: 'always gave way' }, 100)).toBe('always gave way');
    expect(binLabel(75, Infinity, { top: 'always gave way' }, 100)).toBe('75 or more');
    expect(binLabel(0, 1e-9, { none: 'never' })).toBe('never');
  });

  it('merges a small bin into its nearest non-empty neighbour', () => {
    // 6 with none, 1 at 3 (2–5), 5 at 20 (10 or more): the lone student joins the smaller neighbour (the 5).
    const bins = kAnonymousBins([0, 0, 0, 0, 0, 0, 3, 20, 20, 20, 20, 20], edges, 5);
    expect(bins.map((b) => [b.label, b.students])).toEqual([
      ['none', 6],
      ['above 0, under 1', 0],
      ['1–2', 0],
      ['2 or more', 6],
    ]);
  });

  it.each([5, 6, 8])('never draws a bin of 1 … k−1 students, whatever the values (k = %i)', (k) => {
    const r = mulberry32(k);
    for (let trial = 0; trial < 400; trial++) {
      const n = k + Math.floor(r() * 40);
      const values = Array.from({ length: n }, () => (r() < 0.3 ? 0 : r() < 0.1 ? -3 : r() ** 3 * 30));
      const bins = kAnonymousBins(values, edges, k);
      expect(bins.reduce((a, b) => a + b.students, 0)).toBe(n);
      for (const b of bins) expect(b.students === 0 || b.students >= k).toBe(true);
      // Contiguous, covering the whole axis: the outer edges stay open or at the axis' own ends.
      expect(bins[0]!.from).toBe(0);
      expect(bins[bins.length - 1]!.to).toBe(Infinity);
      for (let i = 1; i < bins.length; i++) expect(bins[i]!.from).toBe(bins[i - 1]!.to);
    }
  });
});

describe('class view', () => {
  const student = (i: number, sample = false): StudentFigures => ({
    sample,
    values: { pushback: i % 3, concession: 0, delegation: i, aiVocabulary: i - 2, styleShift: -i, ...(i % 2 ? { gaveWay: 50 } : {}) },
  });

  it('shows only the count below the threshold', () => {
    for (const n of [0, 1, 4]) expect(classView(Array.from({ length: n }, (_, i) => student(i)))).toEqual({ donors: n, shown: false, threshold: 5 });
    expect(
      classView(
        Array.from({ length: 6 }, (_, i) => student(i)),
        7,
      ),
    ).toEqual({ donors: 6, shown: false, threshold: 7 });
  });

  it('never goes below five students, whatever the setting', () => {
    expect(
      classView(
        Array.from({ length: 3 }, (_, i) => student(i)),
        2,
      ),
    ).toEqual({ donors: 3, shown: false, threshold: 5 });
  });

  it('from the threshold: every figure binned, sample count, a figure too few students have stays hidden', () => {
    const v = classView([0, 1, 2, 3, 4, 5, 6].map((i) => student(i, i < 2)));
    expect(v.shown).toBe(true);
    if (!v.shown) return;
    expect(v.donors).toBe(7);
    expect(v.sample).toBe(2);
    expect(v.figures.map((f) => f.id)).toEqual(FIGURES.map((f) => f.id));
    const gave = v.figures.find((f) => f.id === 'gaveWay')!;
    expect(gave).toMatchObject({ shown: false, students: 3 }); // only 3 of 7 had a pushback reply
    for (const f of v.figures) if (f.shown) for (const b of f.bins) expect(b.students === 0 || b.students >= 5).toBe(true);
    // No single value anywhere in what is served: only labels, edges and counts.
    const text = JSON.stringify(v);
    expect(text).not.toMatch(/"values"|"mean"|"median"|"min"|"max"/);
  });
});

describe('class routes on the collector (127.0.0.1, embedded database)', () => {
  let dir: string;
  let store: Store;
  let server: RunningCollector;
  let session: ClassSession;
  let study: Study;
  const ADMIN = 'teacher-token-123';

  const api = async (): Promise<ClassView> => (await (await fetch(`${server.url}/api/class`)).json()) as ClassView;
  /** A student with distinct figures (pushback i per 100 messages…), as their summary payload. */
  const studentPayload = (i: number) => {
    const p = payload(study.id);
    p.summary!.totals.userMessages = 50;
    Object.assign(p.summary!.totals.tags, { 'user-pushback': i, delegation: i % 2, 'assistant-capitulation': i % 3, 'assistant-held-position': 1 });
    if (i === 0) p.sample = true;
    return JSON.stringify(p);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coevo-class-'));
    const key = await generateStudyKey();
    store = await openStore(join(dir, 'db'));
    // The port is known only once listening: a first server finds a free one, the class listens there.
    const probe = await startCollector({ store, studyJson: '{}', studyId: 'x' });
    const port = probe.port;
    await probe.close();
    study = makeStudy(key.recipient, { id: 'class-test', kind: 'classroom', levels: ['summary'], collector: `http://127.0.0.1:${port}` });
    session = new ClassSession({ store, study, identity: key.identity, adminToken: ADMIN, info: { title: study.title, code: null, join: study.collector } });
    server = await startCollector({
      store,
      studyJson: JSON.stringify(study),
      studyId: study.id,
      port,
      adminToken: ADMIN,
      ratePerMinute: 0,
      hooks: session.hooks(),
    });
  }, 240_000);

  afterAll(async () => {
    session?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts, shows from 5, replaces a re-send, updates on leaving and over the live feed, and ends for the teacher only', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const feed = fetch(`${server.url}/api/class/events`, { signal: controller.signal })
      .then(async (res) => {
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        const reader = res.body!.getReader();
        const dec = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events.push(dec.decode(value));
        }
      })
      .catch(() => {});

    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await contribute(study, studentPayload(i)));
    expect(await api()).toEqual({ donors: 4, shown: false, threshold: 5 });

    const fifthSecret = newWithdrawalSecret();
    sent.push(await contribute(study, studentPayload(4), fifthSecret));
    let v = await api();
    expect(v).toMatchObject({ donors: 5, shown: true, sample: 1 });
    // The feed groups changes (150 ms): wait for it to carry the fifth student before anything else changes.
    await expect.poll(() => events.join(''), { timeout: 5_000 }).toMatch(/"donors":5,"shown":true/);

    // The fifth student sends again (same class withdrawal secret): theirs is replaced, not added.
    const again = await contribute(study, studentPayload(7), fifthSecret);
    v = await api();
    expect(v.donors).toBe(5);
    const list = await store.list();
    expect(
      list
        .filter((d) => !d.withdrawnAt)
        .map((d) => d.donationId)
        .sort(),
    ).toEqual([...sent.slice(0, 4).map((s) => s.donationId), again.donationId].sort());

    // One student leaves: below the threshold again, figures gone.
    await leave(server.url, sent[1]!);
    expect(await api()).toEqual({ donors: 4, shown: false, threshold: 5 });

    await expect.poll(() => events.join(''), { timeout: 5_000 }).toMatch(/event: class\ndata: \{"donors":4,"shown":false/);

    // Ending: refused without the teacher's token, done with it; everything deleted; new contributions refused.
    expect((await fetch(`${server.url}/api/class/end`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/class/end`, { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const end = await fetch(`${server.url}/api/class/end`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(await end.json()).toEqual({ ended: true, deleted: 4 }); // the 4 current contributions (and 2 withdrawal records)
    expect(await store.list()).toEqual([]);
    expect(await api()).toEqual({ donors: 0, shown: false, threshold: 5, ended: true });
    await expect(contribute(study, studentPayload(9))).rejects.toThrow(/410: this class has ended/);
    await expect.poll(() => events.join(''), { timeout: 5_000 }).toMatch(/event: ended\ndata: \{"deleted":4/);
    controller.abort();
    await feed;
  });
});
