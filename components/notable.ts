/**
 * Which tags are "notable moments" — one rule for the dashboard's overview and the popup: among recent tags the
 * confidence setting shows, leave out kinds hidden by default and tags the person said are wrong, and take the most
 * confident (the newer on ties), preferring those since `since` when there are any.
 */
import type { Tag } from '../model/tags';
import { HIDDEN_BY_DEFAULT } from './tagMeta';

/** May this tag be a notable moment? (Not a kind hidden by default, not disputed by the person.) */
export function notableCandidate(tag: Pick<Tag, 'id' | 'type'>, disputed: ReadonlySet<string>): boolean {
  return !HIDDEN_BY_DEFAULT.has(tag.type) && !disputed.has(tag.id);
}

export function pickNotable(tags: readonly Tag[], n: number, opts: { disputed?: ReadonlySet<string>; since?: number } = {}): Tag[] {
  const disputed = opts.disputed ?? new Set<string>();
  const pool = tags.filter((t) => notableCandidate(t, disputed));
  const since = opts.since;
  const recent = since === undefined ? pool : pool.filter((t) => (t.time ?? -Infinity) >= since);
  return (recent.length ? recent : pool).sort((a, b) => b.confidence - a.confidence || (b.time ?? 0) - (a.time ?? 0)).slice(0, n);
}
