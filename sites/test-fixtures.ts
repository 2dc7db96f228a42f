/**
 * For tests only (Node, a DOM environment such as happy-dom): a site's committed fixture pages and what each must
 * read as, so the registry meta-test and the per-site tests load them one way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteId } from '../model/types';

/** `sites/<id>/fixtures/<name>.expected.json`: read off the HTML by hand, never copied from the parser's output. */
export interface Expected {
  url: string;
  siteConversationId: string | null;
  /** True when the page shows its last reply still being written (stop button, missing action row…). */
  streaming?: boolean;
  messages: { role: 'user' | 'assistant'; text: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** The fixture pages of one site: their names, the HTML, the page parsed as a document, the expected reading. */
export function siteFixtures(site: SiteId) {
  const dir = join(here, site, 'fixtures');
  const html = (name: string) => readFileSync(join(dir, `${name}.html`), 'utf8');
  return {
    dir,
    names: (): string[] =>
      existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.expected.json'))
            .map((f) => f.slice(0, -'.expected.json'.length))
            .sort()
        : [],
    html,
    load: (name: string): Document => new DOMParser().parseFromString(html(name), 'text/html'),
    expected: (name: string): Expected => JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')),
  };
}
