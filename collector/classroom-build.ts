/**
 * Builds the projector page (collector/present/: Preact + chart.js) with esbuild, in memory, when `study serve` starts
 * a class: nothing is written to disk and nothing has to be built beforehand, so it works from a fresh clone after
 * `npm ci` (about a second on this project's machines). The page is served by classroom-session.ts.
 */
import { fileURLToPath } from 'node:url';
import type { ClassInfo } from './classroom-session';

export interface PresentAssets {
  js: string;
  css: string;
  /** The page, with the class's title, code and join address embedded as JSON data (never as script). */
  html(info: ClassInfo): string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

let built: Promise<Pick<PresentAssets, 'js' | 'css'>> | null = null;

async function bundle(): Promise<Pick<PresentAssets, 'js' | 'css'>> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./present/main.tsx', import.meta.url))],
    bundle: true,
    write: false,
    outdir: 'present-out',
    entryNames: 'app',
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = out.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  if (!js) throw new Error('the projector page did not build (no JavaScript output)');
  return { js, css };
}

/** The projector page's assets (built once per process). */
export async function presentAssets(): Promise<PresentAssets> {
  built ??= bundle();
  const { js, css } = await built;
  return {
    js,
    css,
    html: (info) =>
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(info.title)} · Coevo class</title>
<link rel="stylesheet" href="/present/app.css">
</head>
<body>
<div id="app"></div>
<script type="application/json" id="class-info">${JSON.stringify(info).replace(/</g, '\\u003c')}</script>
<script src="/present/app.js"></script>
</body>
</html>
`,
  };
}
