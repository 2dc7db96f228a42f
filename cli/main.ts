#!/usr/bin/env -S npx tsx
/**
 * `npm run coevo -- <command> …`: the same site adapters, importers and analysis as the extension, in Node.
 * Each command is one module exporting `run(argv): Promise<number>` (the exit code) and a one-line `summary`.
 */
type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, () => Promise<Command>> = {
  analyze: () => import('./analyze'),
  donate: () => import('./donate'),
  'eval-changepoints': () => import('./eval-changepoints'),
  import: () => import('./import'),
  eval: () => import('./eval'),
  'parse-page': () => import('./parse-page'),
  withdraw: () => import('./withdraw'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    const lines = await Promise.all(Object.entries(commands).map(async ([n, l]) => `  ${n.padEnd(12)} ${(await l()).summary}`));
    const out = `usage: npm run coevo -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
    if (name && name !== 'help' && name !== '--help') {
      process.stderr.write(`coevo: unknown command "${name}"\n\n${out}`);
      return 2;
    }
    process.stdout.write(out);
    return 0;
  }
  return (await load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`coevo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
