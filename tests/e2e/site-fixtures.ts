/**
 * The site fixtures as the capture tests in both browsers read them (tests/e2e/capture.test.ts in Chromium,
 * tests/e2e-firefox/core.e2e.ts in Firefox): `sites/<id>/fixtures/<name>.html` and what capture must store from it.
 */
import { Window } from 'happy-dom';
import type { SiteId } from '../../model/types';
import { SITES } from '../../sites/registry';

/** A fixture's `<name>.expected.json`. */
export interface Expected {
  url: string;
  siteConversationId: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
}

/**
 * What capture must store for a fixture: its expected messages, minus a reply the page shows as still being
 * written (capture stores only finished messages). The adapter decides "streaming", read here with happy-dom.
 */
export function finishedExpected(site: SiteId, html: string, expected: Expected): Expected['messages'] {
  const win = new Window({ url: expected.url });
  win.document.write(html);
  const adapter = SITES[site];
  const root = adapter.root(win.document as unknown as Document);
  const page = root ? adapter.parse(root, new URL(expected.url)) : null;
  const streamingAt = page ? page.messages.findIndex((m) => m.streaming) : -1;
  void win.happyDOM.close();
  return streamingAt >= 0 ? expected.messages.slice(0, streamingAt) : expected.messages;
}
