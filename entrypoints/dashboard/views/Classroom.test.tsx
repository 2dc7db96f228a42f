// @vitest-environment happy-dom
// The Classroom view, rendered: nothing is fetched before Join; Join asks for exactly the class's origin and fetches its
// study.json; the class and what is shared are shown; a student without chats gets their own sample student; the
// review shows the figures as a table and Donate's review of the same payload, marked sample. (Sending and leaving run
// against a collector in ClassroomFlow.test.ts and in real Chromium in tests/e2e/classroom-join.test.ts.)
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { classCode } from '../../../donation/classroom';
import { generateStudyKey } from '../../../donation/encrypt';
import { makeStudy } from '../../../donation/testing';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import type { Ctx } from '../ctx';

// webextension-polyfill refuses to load outside an extension: the view gets WXT's in-memory browser instead.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
const { Classroom, figureName } = await import('./Classroom');

const AT = 'http://192.168.1.20:8787';
const key = await generateStudyKey();
const classFile = (over = {}) =>
  JSON.stringify(
    makeStudy(key.recipient, {
      id: 'class-4a',
      kind: 'classroom',
      title: 'Class 4a',
      institution: 'Hill School',
      contact: 'Mr Okafor',
      levels: ['summary'],
      collector: AT,
      ...over,
    }),
  );

let host: HTMLElement;
let fetched: string[];
let asked: unknown[];
let served: string;

async function until<T>(f: () => T | null | undefined | false, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; page: ${host.textContent?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const $ = <E extends Element = HTMLElement>(sel: string) => host.querySelector<E>(sel);
async function join(value: string) {
  const el = $<HTMLInputElement>('[data-class-code]')!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  // Preact re-renders after the input event: the button (and its handler) see the typed value then.
  const button = await until(() => {
    const b = $<HTMLButtonElement>('[data-action="join-class"]');
    return b && !b.disabled && b;
  }, 'the Join button');
  await new Promise((r) => setTimeout(r, 20));
  button.click();
}

beforeEach(async () => {
  fakeBrowser.reset();
  fetched = [];
  asked = [];
  served = classFile();
  fakeBrowser.permissions.request = (async (p: unknown) => (asked.push(p), true)) as typeof fakeBrowser.permissions.request;
  fakeBrowser.runtime.getManifest = (() => ({ manifest_version: 3, name: 'Coevo', version: '0.1.0' })) as typeof fakeBrowser.runtime.getManifest;
  vi.stubGlobal('fetch', async (u: string) => (fetched.push(String(u)), new Response(served)));
  host = document.createElement('div');
  document.body.appendChild(host);
  render(<Classroom ctx={{ kind: 'main' } as Ctx} />, host);
  await until(() => $('[data-no-class]'), 'the empty class list');
}, 60_000);

afterEach(async () => {
  render(null, host);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  const db = getDb(MAIN_DB_NAME);
  await Promise.all([db.studies.clear(), db.donations.clear(), db.settings.clear()]);
}, 60_000);

describe('Classroom view', () => {
  it('fetches nothing until Join, then only the class file, after asking for that one origin', async () => {
    await new Promise((r) => setTimeout(r, 100));
    expect(fetched).toEqual([]);
    expect(asked).toEqual([]);
    await join(classCode(AT));
    await until(() => $('[data-class-consent]'), 'the class');
    expect(asked).toEqual([{ origins: [`${AT}/*`] }]);
    expect(fetched).toEqual([`${AT}/study.json`]);
    const text = $('[data-class-consent]')!.textContent!;
    for (const words of ['Class 4a', 'Hill School', 'Mr Okafor', 'only the summary figures of your own data', classCode(AT), 'You can withdraw at any time'])
      expect(text).toContain(words);
  });

  it('says why a research study or a bad code cannot be joined as a class', async () => {
    await join('http://example.org');
    await until(() => $('[data-class-message]')?.textContent?.includes('needs https'), 'the refusal');
    expect(fetched).toEqual([]);
    served = classFile({ kind: 'study', collector: 'http://127.0.0.1:8787' });
    await join('127.0.0.1:8787');
    await until(() => $('[data-class-message]')?.textContent?.includes('not a class'), 'the refusal of a study');
    expect($('[data-class-consent]')).toBeNull();
  });

  it('a student without chats reviews their own sample student: the table and the payload, marked sample, nothing sent', async () => {
    await join(AT);
    await until(() => $('[data-action="class-agree"]'), 'the class');
    $<HTMLButtonElement>('[data-action="class-agree"]')!.click();
    await until(() => $('[data-action="class-review"]'), 'the choice of figures');
    expect($<HTMLInputElement>('[data-source="own"]')!.disabled).toBe(true);
    expect($<HTMLInputElement>('[data-source="sample"]')!.checked).toBe(true);
    $<HTMLButtonElement>('[data-action="class-review"]')!.click();
    await until(() => $('[data-class-figures]'), 'the figures', 90_000);
    const payload = JSON.parse($('[data-payload]')!.textContent!);
    expect(payload).toMatchObject({ level: 'summary', sample: true, studyId: 'class-4a' });
    expect($('[data-total="totals.userMessages"] td')!.textContent).toBe(String(payload.summary.totals.userMessages));
    // The student's own sample is drawn at random on this device: whichever tag rates it has are named in words.
    const rate = $('[data-figure^="tagRates."]')!;
    expect(rate.querySelector('th')!.textContent).toBe(figureName(rate.getAttribute('data-figure')!.split('|')[0]!));
    expect($('[data-class-sample-note]')!.textContent).toContain('sample: true');
    // Donate's review of the same payload, its figure rows named in words.
    expect($('[data-review] [data-row]')).not.toBeNull();
    expect(host.querySelector('[data-review]')!.textContent).toContain(figureName('userMessages'));
    expect(fetched).toEqual([`${AT}/study.json`]);
  });

  it('names every figure in words', () => {
    for (const s of [
      'userMessages',
      'tagCounts.delegation',
      'tagRates.assistant-capitulation',
      'aiVocabulary',
      'lsm',
      'coordination',
      'coordination.user→assistant',
      'coordination.assistant→user',
      'styleDistance',
      'changePoints',
      'totals.conversations',
      'totals.userMessages',
      'totals.assistantMessages',
      'totals.tags.user-pushback',
    ]) {
      const name = figureName(s);
      expect(name, s).not.toMatch(/^class|\.|undefined/);
      expect(name.length, s).toBeGreaterThan(3);
    }
  });
});
