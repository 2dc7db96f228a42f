/** Test builders for donation tests: a valid study file for a given recipient. */
import type { Study } from './study';

export function makeStudy(recipient: string, over: Partial<Study> = {}): Study {
  return {
    schema: 'coevo-study/1',
    id: 'coevo-pilot-2026',
    kind: 'study',
    title: 'How people and assistants shape each other',
    institution: 'Example University',
    contact: 'study@example.org',
    ethics: 'Ethics board 2026-042',
    consent: { version: '1.0', text: 'You choose what to give. You can withdraw at any time.' },
    levels: ['summary', 'tags', 'conversations'],
    collector: 'http://127.0.0.1:8787',
    retention: 'Until 2028-12-31, then deleted.',
    withdrawal: 'Withdraw any donation from Coevo; it is deleted from the collector.',
    recipient,
    ...over,
  };
}
