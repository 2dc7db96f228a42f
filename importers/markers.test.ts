// Issue 13: an image or file in a ChatGPT message leaves a marker ("[image]") in the stored text instead of vanishing
// (a picture-only question no longer reads as an empty message); DeepSeek's raw "[reference:N]" citation markers are
// removed from answers (the person's own text is left as written).
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { attachmentMarker } from './chatgpt';
import { stripReferences } from './deepseek';
import { bytesSource, collect } from './fixtures/load';

const json = (name: string, v: unknown) => collect(bytesSource(name, strToU8(JSON.stringify(v))));

describe('attachment markers (ChatGPT)', () => {
  it.each([
    ['image_asset_pointer', '[image]'],
    ['audio_asset_pointer', '[audio]'],
    ['real_time_user_audio_video_asset_pointer', '[audio]'],
    ['video_container_asset_pointer', '[video]'],
    ['file', '[file]'],
  ])('%s → %s', (type, marker) => expect(attachmentMarker(type)).toBe(marker));

  it('keeps the marker where the image stood, and the attachment note apart', async () => {
    const node = (id: string, parent: string | null, role: string, parts: unknown[], t: number) => ({
      id,
      parent,
      children: [],
      message: {
        id,
        author: { role },
        create_time: t,
        content: { content_type: parts.some((p) => typeof p !== 'string') ? 'multimodal_text' : 'text', parts },
        metadata: {},
      },
    });
    const mapping = {
      a: node('a', null, 'user', [{ content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-1' }], 1735689600),
      b: node('b', 'a', 'assistant', ['That is a sourdough crumb.'], 1735689660),
      c: node('c', 'b', 'user', ['Compare with', { content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-2' }, 'this one'], 1735689720),
    };
    mapping.a.children = ['b'] as never;
    mapping.b.children = ['c'] as never;
    const { conversations } = await json('conversations.json', [
      { id: 'conv-img', title: 'crumb', create_time: 1735689600, update_time: 1735689720, mapping, current_node: 'c' },
    ]);
    const msgs = conversations[0]!.messages;
    expect(msgs.map((m) => m.text)).toEqual(['[image]', 'That is a sourdough crumb.', 'Compare with\n[image]\nthis one']);
    expect(msgs[0]!.extras).toEqual([{ kind: 'attachment', text: 'image_asset_pointer file-service://file-1' }]);
  });
});

describe('DeepSeek citation markers', () => {
  it('removes [reference:N] from answers', () => {
    expect(stripReferences('Rye ferments faster[reference:0] than wheat [reference:12].')).toBe('Rye ferments faster than wheat.');
    expect(stripReferences('no markers')).toBe('no markers');
  });

  it('on import, from the answer only', async () => {
    const conv = {
      id: 'ds-1',
      title: 'rye',
      inserted_at: '2025-01-01T08:00:00+08:00',
      updated_at: '2025-01-01T08:01:00+08:00',
      mapping: {
        root: { id: 'root', parent: null, children: ['1'], message: null },
        '1': {
          id: '1',
          parent: 'root',
          children: ['2'],
          message: {
            inserted_at: '2025-01-01T08:00:00+08:00',
            fragments: [{ type: 'REQUEST', content: 'Why is rye sticky? I read "[reference:0]" somewhere.' }],
          },
        },
        '2': {
          id: '2',
          parent: '1',
          children: [],
          message: {
            inserted_at: '2025-01-01T08:01:00+08:00',
            model: 'deepseek-chat',
            fragments: [{ type: 'RESPONSE', content: 'Rye has pentosans[reference:0] that hold water [reference:1].' }],
          },
        },
      },
    };
    const { conversations } = await json('conversations.json', [conv]);
    const [q, a] = conversations[0]!.messages;
    expect(a!.text).toBe('Rye has pentosans that hold water.');
    expect(q!.text).toBe('Why is rye sticky? I read "[reference:0]" somewhere.');
  });
});
