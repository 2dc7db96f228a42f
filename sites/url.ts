/**
 * URL helpers shared by the site adapters (pure: no DOM, no browser API).
 */

/** `conversationIdFromUrl` for a site whose conversation id is the first capture group of `path` on its hosts. */
export function idFromPath(hosts: readonly string[], path: RegExp): (url: URL) => string | null {
  return (url) => (hosts.includes(url.hostname) ? (path.exec(url.pathname)?.[1] ?? null) : null);
}
