/** The dashboard's routes live in the URL hash (`#/events`, `#/tag/<id>`…) so Back works and views can be linked. */

export type Route =
  | { view: 'overview' }
  | { view: 'events' }
  | { view: 'tag'; id: string }
  | { view: 'conversations' }
  | { view: 'conversation'; id: string; message?: string }
  | { view: 'import' }
  | { view: 'settings' }
  | { view: 'privacy' }
  | { view: 'donate' }
  | { view: 'classroom' }
  | { view: 'present'; slide: number }
  | { view: 'sample' }
  | { view: 'welcome' };

export function parseRoute(hash: string): Route {
  const [head = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : '';
  switch (head) {
    case 'events':
      return { view: 'events' };
    case 'tag':
      return arg ? { view: 'tag', id: arg } : { view: 'events' };
    case 'conversations':
      return { view: 'conversations' };
    case 'conversation':
      return arg ? { view: 'conversation', id: arg } : { view: 'conversations' };
    case 'import':
      return { view: 'import' };
    case 'settings':
      return { view: 'settings' };
    case 'privacy':
      return { view: 'privacy' };
    case 'donate':
      return { view: 'donate' };
    case 'classroom':
      return { view: 'classroom' };
    case 'present':
      return { view: 'present', slide: Math.max(0, Number(arg) || 0) };
    case 'sample':
      return { view: 'sample' };
    case 'welcome':
      return { view: 'welcome' };
    default:
      return { view: 'overview' };
  }
}

export const href = {
  tag: (id: string) => `#/tag/${encodeURIComponent(id)}`,
  conversation: (id: string) => `#/conversation/${encodeURIComponent(id)}`,
};

/** Which store the dashboard shows: the person's own data, or the classroom sample (`?data=sample`). */
export type DataKind = 'main' | 'sample';

export function dataKindFromSearch(search: string): DataKind {
  return new URLSearchParams(search).get('data') === 'sample' ? 'sample' : 'main';
}

/** The dashboard URL (same page) showing `kind`, keeping the hash. */
export function urlFor(kind: DataKind, hash: string): string {
  return `${location.pathname}${kind === 'sample' ? '?data=sample' : ''}${hash}`;
}
