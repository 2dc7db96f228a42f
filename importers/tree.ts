/**
 * Branches: exports keep every regenerated reply and edited prompt as a tree of nodes. We keep all branches;
 * the path to the export's current leaf (or, without one, the most recent leaf) is marked current, and
 * nodes we do not show (system, tool, thinking steps) are stepped over so visible messages link to their
 * nearest visible ancestor. Cycles and dangling parents in broken files end the walk instead of hanging.
 */
export interface RawNode {
  id: string;
  /** Parent node id as written in the export (may be a hidden node, unknown, or null). */
  parent: string | null;
  /** Shown as a message? Hidden nodes only connect their children. */
  visible: boolean;
  time: number | null;
  /** Order in the file, for stable tie-breaking. */
  order: number;
}

export interface ResolvedNode {
  id: string;
  /** Nearest visible ancestor's id, or null at the root. */
  parent: string | null;
  /** Visible ancestors above this node (0 = first message). */
  depth: number;
  current: boolean;
  /** Hidden nodes between this node and its visible parent, nearest first. */
  between: string[];
}

/**
 * Resolves visible nodes. `leaf` is the export's current node; when absent or unknown, the visible node
 * that is a leaf and has the latest time (then the latest in file order) is taken as current.
 */
export function resolveTree(nodes: RawNode[], leaf: string | null): ResolvedNode[] {
  const byId = new Map<string, RawNode>();
  for (const n of nodes) byId.set(n.id, n);
  const limit = nodes.length + 1;

  // Nearest visible node at or above each hidden node, memoized: every hidden node is walked once however many
  // visible nodes hang below it, so a tree with long hidden chains stays linear (it was visible × hidden).
  const above = new Map<string, string | null>();
  const visibleAtOrAbove = (start: string | null, self: string): string | null => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let p = start;
    let found: string | null = null; // for the hidden nodes on the path
    let forSelf: string | null | undefined; // when the answer for `self` differs (a cycle back to it)
    while (p !== null) {
      if (p === self) {
        found = self; // the chain climbs back to this visible node: it is theirs, but not its own parent
        forSelf = null;
        break;
      }
      const pn = byId.get(p);
      if (!pn) break;
      if (pn.visible) {
        found = p;
        break;
      }
      if (above.has(p)) {
        found = above.get(p)!;
        break;
      }
      if (onPath.has(p)) break; // a cycle among hidden nodes: no visible parent
      onPath.add(p);
      path.push(p);
      p = pn.parent;
    }
    for (const h of path) above.set(h, found);
    return forSelf === undefined ? (found === self ? null : found) : forSelf;
  };
  /** Hidden nodes kept per message (nearest first): enough for the thinking before a reply, bounded. */
  const MAX_BETWEEN = 64;
  const up = (id: string): { parent: string | null; between: string[] } => {
    const parent = visibleAtOrAbove(byId.get(id)?.parent ?? null, id);
    const between: string[] = [];
    const seen = new Set<string>();
    for (let p = byId.get(id)?.parent ?? null; p !== null && p !== id && between.length < MAX_BETWEEN; ) {
      const pn = byId.get(p);
      if (!pn || pn.visible || seen.has(p)) break;
      seen.add(p);
      between.push(p);
      p = pn.parent;
    }
    return { parent, between };
  };

  const visible = nodes.filter((n) => n.visible);
  const links = new Map<string, { parent: string | null; between: string[] }>();
  for (const n of visible) links.set(n.id, up(n.id));

  let leafId = leaf !== null && byId.has(leaf) ? leaf : null;
  if (leafId === null) {
    const hasChild = new Set<string>();
    for (const l of links.values()) if (l.parent) hasChild.add(l.parent);
    let best: RawNode | null = null;
    for (const n of visible) {
      if (hasChild.has(n.id)) continue;
      if (!best || (n.time ?? -Infinity) > (best.time ?? -Infinity) || ((n.time ?? -Infinity) === (best.time ?? -Infinity) && n.order > best.order)) best = n;
    }
    leafId = best?.id ?? null;
  }
  const onPath = new Set<string>();
  for (let p = leafId, steps = 0; p !== null && !onPath.has(p) && steps < limit; steps++) {
    onPath.add(p);
    p = byId.get(p)?.parent ?? null;
  }

  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const chain: string[] = [];
    let cur: string | null = id;
    const inChain = new Set<string>();
    while (cur !== null && !depth.has(cur) && !inChain.has(cur)) {
      chain.push(cur);
      inChain.add(cur);
      cur = links.get(cur)?.parent ?? null;
    }
    // A cycle (cur already in the chain) is cut: the member that closes it becomes a root.
    if (cur !== null && inChain.has(cur)) links.get(chain[chain.length - 1])!.parent = null;
    let d = cur !== null && depth.has(cur) ? depth.get(cur)! + 1 : 0;
    for (let k = chain.length - 1; k >= 0; k--) depth.set(chain[k], d++);
    return depth.get(id)!;
  };

  for (const n of visible) depthOf(n.id);
  const out: ResolvedNode[] = visible.map((n) => {
    const l = links.get(n.id)!;
    return { id: n.id, parent: l.parent, depth: depth.get(n.id)!, current: onPath.has(n.id), between: l.between };
  });
  // Sort for reading: by depth, the current branch first among siblings, then by time and file order.
  const rank = new Map(visible.map((n) => [n.id, n]));
  out.sort((a, b) => {
    if (a.depth !== b.depth) return a.depth - b.depth;
    if (a.current !== b.current) return a.current ? -1 : 1;
    const ta = rank.get(a.id)!.time ?? 0;
    const tb = rank.get(b.id)!.time ?? 0;
    return ta !== tb ? ta - tb : rank.get(a.id)!.order - rank.get(b.id)!.order;
  });
  return out;
}
