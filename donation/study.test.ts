import { describe, expect, it } from 'vitest';
import { generateStudyKey } from './encrypt';
import { collectorOrigin, parseStudy, sha256Hex, StudyError, studyProblems } from './study';
import { makeStudy } from './testing';

const { recipient } = await generateStudyKey();

async function problems(file: string | Uint8Array): Promise<string[]> {
  try {
    await parseStudy(file);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(StudyError);
    return (e as StudyError).problems;
  }
}

describe('study file', () => {
  it('parses a valid file, keeps the known fields and hashes the exact bytes', async () => {
    const text = JSON.stringify({ ...makeStudy(recipient, { collector: 'https://collector.example.org/study/' }), extra: 'ignored' }, null, 2);
    const { study, sha256 } = await parseStudy(text);
    expect(study.collector).toBe('https://collector.example.org/study');
    expect((study as unknown as Record<string, unknown>).extra).toBeUndefined();
    expect(sha256).toBe(await sha256Hex(text));
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    // Another byte, another hash: consent is recorded against these exact bytes.
    expect((await parseStudy(text + '\n')).sha256).not.toBe(sha256);
    expect(collectorOrigin(study)).toBe('https://collector.example.org');
  });

  it.each([
    ['not JSON', '{"schema":', /not JSON/],
    ['not an object', '[1,2]', /not a JSON object/],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ['too large', 'x'.repeat(300 * 1024), /at most/],
  ])('rejects a file that is %s', async (_name, file, re) => {
    const p = await problems(file as string);
    expect(p.join('\n')).toMatch(re);
  });

  it.each([
    ['schema', { schema: 'coevo-study/2' }, /schema: expected "coevo-study\/1"/],
    ['id', { id: 'Has Spaces' }, /^id: /],
    ['kind', { kind: 'survey' }, /^kind: /],
    ['title', { title: '' }, /^title: expected a non-empty string/],
    ['consent', { consent: { version: '1' } }, /consent\.text/],
    ['levels empty', { levels: [] }, /^levels: expected a non-empty list/],
    ['levels unknown', { levels: ['everything'] }, /unknown level "everything"/],
    ['levels twice', { levels: ['summary', 'summary'] }, /listed twice/],
    ['collector http', { collector: 'http://collector.example.org' }, /must be an https:\/\/ URL/],
    ['collector not a URL', { collector: 'collector' }, /is not a URL/],
    ['collector with query', { collector: 'https://c.example.org/?k=1' }, /query or fragment/],
    ['collector with password', { collector: 'https://u:p@c.example.org' }, /user name or password/],
    ['recipient', { recipient: 'age1notakey' }, /^recipient: .*not an age X25519 public key/],
    ['recipient checksum', { recipient: recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q') }, /^recipient:/],
    ['recipient secret key', { recipient: 'AGE-SECRET-KEY-1QQQ' }, /^recipient:/],
  ])('names the problem with %s', async (_name, over, re) => {
    const p = await problems(JSON.stringify({ ...makeStudy(recipient), ...over }));
    expect(p.length).toBe(1);
    expect(p[0]).toMatch(re);
  });

  it('lists every problem at once', () => {
    const p = studyProblems({ schema: 'coevo-study/1' });
    for (const k of ['id', 'kind', 'title', 'institution', 'contact', 'ethics', 'consent', 'levels', 'collector', 'recipient', 'retention', 'withdrawal'])
      expect(p.some((x) => x.startsWith(k))).toBe(true);
  });

  it('allows plain http only to this machine', async () => {
    for (const c of ['http://127.0.0.1:9000', 'http://localhost:9000'])
      expect(await problems(JSON.stringify(makeStudy(recipient, { collector: c })))).toEqual([]);
  });

  it('a classroom may use plain http to a local-network address; an ordinary study may not', async () => {
    const lan = ['http://192.168.1.20:8787', 'http://10.0.0.5:8787', 'http://172.16.4.2:8787', 'http://169.254.3.3:8787'];
    for (const c of lan) {
      expect(await problems(JSON.stringify(makeStudy(recipient, { kind: 'classroom', levels: ['summary'], collector: c })))).toEqual([]);
      const p = await problems(JSON.stringify(makeStudy(recipient, { collector: c })));
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/must be an https:\/\/ URL/);
    }
    for (const c of ['http://8.8.8.8:8787', 'http://172.32.0.1:8787', 'http://school.example.org:8787']) {
      const p = await problems(JSON.stringify(makeStudy(recipient, { kind: 'classroom', levels: ['summary'], collector: c })));
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^collector: a class needs an https:\/\/ URL/);
    }
    expect(await problems(JSON.stringify(makeStudy(recipient, { kind: 'classroom', levels: ['summary'], collector: 'https://class.example.org' })))).toEqual(
      [],
    );
  });
});
