// The module graph (scripts/module-graph.ts, the TypeScript compiler's own parser): no import cycles, type-only
// ones included, so shared types live in their own files and a cycle cannot come back unnoticed.
import { describe, expect, it } from 'vitest';
import { importCycles, moduleGraph, unusedExports, type ModuleInfo } from '../../scripts/module-graph';

/**
 * Cycles in code other engineers are changing this session, each to be broken where it lives; listed exactly,
 * so a new cycle fails and a broken one must be struck from here.
 */
const KNOWN: string[][] = [
  ['cli/study-class.ts', 'cli/study-pull.ts', 'cli/study-summary.ts', 'cli/study.ts'],
  ['collector/classroom-build.ts', 'collector/classroom-session.ts'],
  // Donate.tsx still takes `Ctx` from App.tsx instead of ctx.ts.
  [
    'entrypoints/dashboard/App.tsx',
    'entrypoints/dashboard/views/Classroom.tsx',
    'entrypoints/dashboard/views/ClassroomLazy.tsx',
    'entrypoints/dashboard/views/Donate.tsx',
    'entrypoints/dashboard/views/DonateLazy.tsx',
  ],
];

/** The tree has no exported value nothing imports, but these, kept on purpose, each with its reason: a new one fails. */
const KEPT = new Set([
  // Read by eval/corpus/build-hh.ts, in a `corpus` folder the module graph skips as data.
  'eval/sources.ts HH_FILE',
  'eval/sources.ts OASST_FILE',
  'eval/sources.ts loadHH',
  'eval/sources.ts loadOasst',
  // The donation schema's verdict enum (model/donation.schema.json), public like DONATION_LEVELS and REDACTION_KINDS.
  'model/donation.ts DONATED_VERDICTS',
]);

let built: ReturnType<typeof moduleGraph> | null = null;
const tree = () => (built ??= moduleGraph());

const node = (file: string, imports: string[]): [string, ModuleInfo] => [file, { file, imports: new Set(imports), exports: new Map(), uses: new Map() }];

describe('module graph', () => {
  it('finds cycles of any length, and self-imports, and nothing in a tree', () => {
    const graph = new Map([
      node('a.ts', ['b.ts']),
      node('b.ts', ['c.ts']),
      node('c.ts', ['a.ts', 'd.ts']),
      node('d.ts', []),
      node('e.ts', ['e.ts']),
      node('f.ts', ['d.ts']),
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('reads type-only imports and re-exports as edges', () => {
    const graph = tree();
    // analysis/summary.ts reads the engine's state type from its own file, not from the engine.
    expect([...graph.get('analysis/summary.ts')!.imports]).toContain('analysis/history-state.ts');
    expect([...graph.get('storage/verdicts.ts')!.imports]).toContain('storage/rows.ts');
  });

  it('has no import cycles but the known ones being broken elsewhere', () => {
    expect(importCycles(tree())).toEqual(KNOWN);
  }, 60_000);

  it('finds exported values nothing imports', () => {
    const graph = new Map([node('a.ts', []), node('b.ts', [])]);
    graph.get('a.ts')!.exports.set('used', { line: 1, type: false }).set('dead', { line: 2, type: false }).set('Shape', { line: 3, type: true });
    graph.get('b.ts')!.uses.set('a.ts', new Set(['used']));
    expect(unusedExports(graph)).toEqual([{ file: 'a.ts', name: 'dead', line: 2 }]);
  });

  it('has no unused exports but the ones kept with a reason', () => {
    const found = unusedExports(tree()).filter((u) => !KEPT.has(`${u.file} ${u.name}`));
    expect(found).toEqual([]);
  }, 60_000);
});
