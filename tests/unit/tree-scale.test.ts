// ChatGPT trees with many hidden nodes stay linear (issue 11): each visible node used to walk the whole hidden
// chain above it, so 20,000 replies under a 20,000-node hidden chain took 400 million steps.
import { describe, expect, it } from 'vitest';
import { resolveTree, type RawNode } from '../../importers/tree';

function tree(hidden: number, visible: number): RawNode[] {
  const nodes: RawNode[] = [{ id: 'root', parent: null, visible: true, time: 1, order: 0 }];
  let prev = 'root';
  for (let i = 0; i < hidden; i++) {
    nodes.push({ id: `h${i}`, parent: prev, visible: false, time: null, order: nodes.length });
    prev = `h${i}`;
  }
  for (let i = 0; i < visible; i++) nodes.push({ id: `v${i}`, parent: prev, visible: true, time: 2 + i, order: nodes.length });
  return nodes;
}

describe('resolveTree at scale', () => {
  it('20,000 visible nodes under a 20,000-node hidden chain resolve in linear time, with the right parents', () => {
    // Growth, not wall-clock time (which a loaded machine stretches): ten times the nodes must cost about ten times
    // as much, never the hundred times of the old quadratic walk. Each size is timed as the best of three runs.
    const best = (n: number) => {
      const input = tree(n, n);
      let ms = Infinity;
      let out: ReturnType<typeof resolveTree> = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        out = resolveTree(input, null);
        ms = Math.min(ms, performance.now() - t0);
      }
      return { out, ms };
    };
    const small = best(2_000);
    const big = best(20_000);
    console.log(`resolveTree 2k×2k: ${small.ms.toFixed(1)} ms; 20k×20k: ${big.ms.toFixed(1)} ms (×${(big.ms / small.ms).toFixed(1)})`);
    expect(small.out).toHaveLength(2_001);
    expect(big.out).toHaveLength(20_001);
    const v7 = big.out.find((n) => n.id === 'v7')!;
    expect(v7.parent).toBe('root');
    expect(v7.between.length).toBeLessThanOrEqual(64);
    expect(v7.between[0]).toBe('h19999');
    expect(big.ms / Math.max(small.ms, 1)).toBeLessThan(40);
  });

  it('a cycle through a visible node and a cycle among hidden nodes give no parent, as before', () => {
    const nodes: RawNode[] = [
      { id: 'a', parent: 'h1', visible: true, time: 1, order: 0 },
      { id: 'h1', parent: 'a', visible: false, time: null, order: 1 },
      { id: 'b', parent: 'h1', visible: true, time: 2, order: 2 },
      { id: 'c', parent: 'x1', visible: true, time: 3, order: 3 },
      { id: 'x1', parent: 'x2', visible: false, time: null, order: 4 },
      { id: 'x2', parent: 'x1', visible: false, time: null, order: 5 },
    ];
    const r = new Map(resolveTree(nodes, null).map((n) => [n.id, n.parent]));
    expect(r.get('a')).toBeNull();
    expect(r.get('b')).toBe('a');
    expect(r.get('c')).toBeNull();
  });
});
