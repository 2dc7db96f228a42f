// @vitest-environment happy-dom
// Components render captured text as inert text, evidence with its highlights, and every UI string exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tag } from '../model/tags';
import type { ConversationWithMessages } from '../model/types';
import { buildMessages } from '../model/build';
import en from '../public/_locales/en/messages.json';
import { evidenceMessages, MessageView } from './EvidenceView';
import { TagCard } from './TagCard';
import { t, tn } from './i18n';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

function conv(texts: ['user' | 'assistant', string][]): ConversationWithMessages {
  const id = 'claude:abc';
  return {
    id,
    site: 'claude',
    siteConversationId: 'abc',
    source: 'capture',
    createdAt: 1,
    updatedAt: 2,
    messages: buildMessages(
      id,
      texts.map(([role, text], i) => ({ role, text, time: 1_700_000_000_000 + i })),
    ),
  };
}

function tagFor(c: ConversationWithMessages, refs: Tag['messages'], data?: Tag['data']): Tag {
  return {
    id: 'term-uptake:1',
    type: 'term-uptake',
    conversationId: c.id,
    messages: refs,
    direction: 'assistant→user',
    confidence: 0.8,
    explanation: HOSTILE,
    time: 1,
    site: 'claude',
    data,
    version: 1,
  };
}

let host: HTMLElement;
afterEach(() => {
  if (host) render(null, host);
  document.body.innerHTML = '';
});
const mount = (node: preact.ComponentChild) => {
  host = document.createElement('div');
  document.body.appendChild(host);
  render(node, host);
  return host;
};

describe('inert captured text', () => {
  it('MessageView shows markup as text, with highlights as <mark> around the exact characters', () => {
    const c = conv([['user', `${HOSTILE} and idempotent`]]);
    const el = mount(<MessageView m={c.messages[0]!} evidence spans={[[HOSTILE.length + 5, HOSTILE.length + 15]]} />);
    expect(el.querySelector('img, script')).toBeNull();
    expect(el.querySelector('.msg-text')!.textContent).toBe(`${HOSTILE} and idempotent`);
    expect(el.querySelector('mark')!.textContent).toBe('idempotent');
  });
  it('TagCard shows a hostile explanation as text', () => {
    const c = conv([['user', 'x']]);
    const el = mount(<TagCard tag={tagFor(c, [{ index: 0, id: c.messages[0]!.id }])} href="#/tag/1" />);
    expect(el.querySelector('img, script')).toBeNull();
    expect(el.textContent).toContain(HOSTILE);
    expect(el.querySelector('a')!.getAttribute('href')).toBe('#/tag/1');
  });
});

describe('evidenceMessages', () => {
  const c = conv([
    ['user', 'hello'],
    ['assistant', 'use modal filters on side streets'],
    ['user', 'thanks'],
    ['user', 'I want modal filters on Elm Road'],
    ['assistant', 'ok'],
    ['user', 'bye'],
  ]);
  it('shows the evidence with one message of context and highlights the named term when spans are absent', () => {
    const tag = tagFor(
      c,
      [
        { index: 1, id: c.messages[1]!.id },
        { index: 3, id: c.messages[3]!.id },
      ],
      { term: 'modal filters' },
    );
    const shown = evidenceMessages(tag, c, false);
    expect(shown.map((e) => e.message.index)).toEqual([0, 1, 2, 3, 4]);
    expect(shown.filter((e) => e.evidence).map((e) => e.spans)).toEqual([[[4, 17]], [[7, 20]]]);
    expect(evidenceMessages(tag, c, true)).toHaveLength(6);
  });
  it('finds evidence by id when the stored conversation changed since analysis', () => {
    const tag = tagFor(c, [{ index: 0, id: c.messages[3]!.id, spans: [[0, 1]] }]);
    const ev = evidenceMessages(tag, c, false).filter((e) => e.evidence);
    expect(ev.map((e) => e.message.index)).toEqual([3]);
  });
});

describe('UI strings', () => {
  it('every t("…") key used by the popup, dashboard and components exists in _locales/en', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f) && !/\.test\./.test(f)) files.push(p);
      }
    };
    for (const d of ['components', 'entrypoints/popup', 'entrypoints/dashboard']) walk(join(__dirname, '..', d));
    const keys = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });
  it('substitutes $1… placeholders', () => {
    expect(t('countsLine', 3, 42)).toBe('3, 42');
  });
  it('counts through the message catalog’s plural forms: "1 conversation", "2 conversations"', () => {
    expect(t('countsLine', tn('nConversations', 1), tn('nMessages', 1))).toBe('1 conversation, 1 message');
    expect(t('countsLine', tn('nConversations', 0), tn('nMessages', 1234))).toBe('0 conversations, 1,234 messages');
    expect(tn('tabMessagesSeen', 1)).toBe('1 message from this conversation is stored.');
    expect(tn('tabMessagesSeen', 2)).toBe('2 messages from this conversation are stored.');
    expect(t('eventsCount', 1, tn('nEvents', 1))).toBe('Showing 1 of 1 event.');
    // Every counted phrase has at least its `_other` form (the fallback for any language's categories).
    for (const k of Object.keys(en).filter((k) => k.endsWith('_one'))) expect(en).toHaveProperty(k.replace(/_one$/, '_other'));
  });
});
