// The `coevo import` command: summary, JSON lines output, and a failing file contributing nothing.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../cli/import';
import { conversationWithMessagesProblems } from '../model/validate';
import { fixturePath } from './fixtures/load';

let out = '';
afterEach(() => vi.restoreAllMocks());
function capture() {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
}

describe('coevo import', () => {
  it('prints the summary and writes valid JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coevo-cli-'));
    const jsonl = join(dir, 'out.jsonl');
    capture();
    const code = await run([fixturePath('chatgpt/conversations.json'), fixturePath('gemini/MyActivity-cs.html'), '--out', jsonl, '--quiet']);
    expect(code).toBe(0);
    expect(out).toMatch(/conversations: 4\n/);
    expect(out).toMatch(/messages: +17 \(person 9, assistant 8\)/);
    expect(out).toMatch(/chatgpt +2 conversations, 10 messages/);
    expect(out).toMatch(/gemini +2 conversations, 7 messages/);
    expect(out).toMatch(/date range: +2024-05-29 … 2025-01-05/);
    expect(out).toMatch(/branches: +4 alternate messages in 2 conversations/);
    expect(out).toMatch(/1 +hidden system message/);
    const lines = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    for (const c of lines) expect(conversationWithMessagesProblems(c)).toEqual([]);
  });

  it('a broken file fails alone and leaves nothing in the output; exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coevo-cli-'));
    const bad = join(dir, 'conversations.json');
    writeFileSync(bad, readFileSync(fixturePath('chatgpt/conversations.json'), 'utf8').slice(0, 4000));
    const jsonl = join(dir, 'out.jsonl');
    capture();
    const code = await run([bad, fixturePath('grok/prod-grok-backend.json'), '--out', jsonl, '--quiet']);
    expect(code).toBe(1);
    expect(out).toMatch(/FAILED \(nothing from these files was kept\):\n.*conversations\.json: The file ended in the middle of conversation\/record #\d/);
    const lines = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).site);
    expect(lines).toEqual(['grok']);
    expect(existsSync(`${jsonl}.part`)).toBe(false);
  });

  it('usage errors exit 2', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run([])).toBe(2);
    expect(await run(['/no/such/file'])).toBe(2);
  });
});
