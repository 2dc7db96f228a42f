/**
 * The source tree's module graph, read with the TypeScript compiler (imports, `export … from`, dynamic
 * `import()`, type-only imports included: a type-only cycle still ties two modules' designs together). Two
 * checks run on it, in the unit suite (tests/unit/module-graph.test.ts) and as `npm run check:modules`:
 * - import cycles (strongly connected components of more than one file, or a file importing itself);
 * - exports nothing imports (dead code, or a name kept public for no reader).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SKIP_DIRS = new Set(['node_modules', '.output', '.wxt', '.git', 'fixtures', 'data', 'corpus']);
const EXTS = ['.ts', '.tsx', '.mts'];

export interface ModuleInfo {
  /** Repository-relative path. */
  file: string;
  /** Resolved repository-relative paths this module imports (any kind of import). */
  imports: Set<string>;
  /** Names it exports itself (not re-exports), with their line and whether they are types (erased) or values. */
  exports: Map<string, { line: number; type: boolean }>;
  /** Per imported module, the names used from it ('*' for a namespace import, `export *` or a dynamic import). */
  uses: Map<string, Set<string>>;
}

function sourceFiles(dir = ROOT, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (EXTS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(p);
  }
  return out;
}

function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.') && !spec.startsWith('@/')) return null;
  const base = spec.startsWith('@/') ? join(ROOT, spec.slice(2)) : resolve(dirname(from), spec.replace(/\?.*$/, ''));
  const candidates = [base, ...EXTS.map((e) => base + e), ...EXTS.map((e) => join(base, `index${e}`))];
  if (/\.(m?js)$/.test(base)) candidates.push(base.replace(/\.m?js$/, '.ts'), base.replace(/\.m?js$/, '.mts'));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile() && EXTS.some((e) => c.endsWith(e))) return c;
  return null;
}

const hasExport = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function read(path: string): ModuleInfo {
  const text = readFileSync(path, 'utf8');
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const info: ModuleInfo = { file: relative(ROOT, path), imports: new Set(), exports: new Map(), uses: new Map() };
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const use = (spec: string, names: string[]) => {
    const target = resolveSpec(path, spec);
    if (!target) return;
    const rel = relative(ROOT, target);
    info.imports.add(rel);
    const set = info.uses.get(rel) ?? new Set<string>();
    for (const n of names) set.add(n);
    info.uses.set(rel, set);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const names: string[] = [];
      if (c?.name) names.push('default');
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.push('*');
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.push((e.propertyName ?? e.name).text);
      use(n.moduleSpecifier.text, names);
    } else if (ts.isExportDeclaration(n)) {
      if (n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const names = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'];
        use(n.moduleSpecifier.text, names);
      } else if (n.exportClause && ts.isNamedExports(n.exportClause)) {
        for (const e of n.exportClause.elements) info.exports.set(e.name.text, { line: line(e), type: n.isTypeOnly || e.isTypeOnly });
      }
    } else if (ts.isExportAssignment(n)) {
      info.exports.set('default', { line: line(n), type: false });
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      use(n.arguments[0].text, ['*']);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      use(n.argument.literal.text, [n.qualifier ? (ts.isIdentifier(n.qualifier) ? n.qualifier.text : n.qualifier.right.text) : '*']);
    } else if (n.parent === sf && hasExport(n)) {
      const isDefault = ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) info.exports.set('default', { line: line(n), type: false });
      else if (ts.isVariableStatement(n)) {
        for (const d of n.declarationList.declarations) if (ts.isIdentifier(d.name)) info.exports.set(d.name.text, { line: line(d), type: false });
      } else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isEnumDeclaration(n)) && n.name) {
        info.exports.set(n.name.text, { line: line(n), type: false });
      } else if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name) {
        info.exports.set(n.name.text, { line: line(n), type: true });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return info;
}

export function moduleGraph(): Map<string, ModuleInfo> {
  return new Map(sourceFiles().map((p) => [relative(ROOT, p), read(p)]));
}

/** Every import cycle, as the files of each strongly connected component (Tarjan), sorted. */
export function importCycles(graph = moduleGraph()): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    // Iterative, so a deep import chain cannot overflow the stack.
    const work: [string, string[]][] = [[v, [...(graph.get(v)?.imports ?? [])]]];
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    while (work.length) {
      const [node, next] = work[work.length - 1]!;
      const w = next.pop();
      if (w !== undefined) {
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          on.add(w);
          work.push([w, [...graph.get(w)!.imports]]);
        } else if (on.has(w)) low.set(node, Math.min(low.get(node)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(node)!));
      }
      if (low.get(node) === idx.get(node)) {
        const comp: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          on.delete(x);
          comp.push(x);
        } while (x !== node);
        if (comp.length > 1 || graph.get(node)!.imports.has(node)) out.push(comp.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * Files whose exports are read by the framework or a tool rather than imported: WXT entrypoints (their default
 * export), configs, scripts and benchmarks run on their own, and tests.
 */
const ENTRY = [
  /^entrypoints\/[^/]+\.tsx?$/,
  /^entrypoints\/[^/]+\/(index|main)\.tsx?$/,
  /(^|\/)[^/]*\.config\.[mc]?ts$/,
  /\.test\.tsx?$/,
  /\.test-d\.ts$/,
  /^bench\//,
  /^scripts\//,
  /\.worker\.ts$/,
];

/**
 * Exported values (functions, constants, classes) that no other module imports, tests included: a module's
 * own use of a name does not need an export. Types are left out: an exported type often only names the shape
 * of an exported function's argument or result, which is its reason to be public.
 */
export function unusedExports(graph = moduleGraph()): { file: string; name: string; line: number }[] {
  const used = new Map<string, Set<string>>();
  for (const m of graph.values())
    for (const [target, names] of m.uses) for (const n of names) (used.get(target) ?? used.set(target, new Set()).get(target)!).add(n);
  // Names re-exported by a module count as used in the module they come from when the re-export is used.
  const out: { file: string; name: string; line: number }[] = [];
  for (const m of graph.values()) {
    if (ENTRY.some((r) => r.test(m.file))) continue;
    const u = used.get(m.file);
    if (u?.has('*')) continue;
    for (const [name, { line, type }] of m.exports) if (!type && !u?.has(name)) out.push({ file: m.file, name, line });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const graph = moduleGraph();
  const cycles = importCycles(graph);
  for (const c of cycles) console.log(`cycle: ${c.join(' ↔ ')}`);
  const unused = unusedExports(graph);
  for (const u of unused) console.log(`unused export: ${u.file}:${u.line} ${u.name}`);
  console.log(`${graph.size} modules, ${cycles.length} import cycles, ${unused.length} unused exports`);
  process.exitCode = cycles.length || unused.length ? 1 : 0;
}
