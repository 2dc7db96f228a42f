/**
 * `npm run coevo -- eval-changepoints [--tcpd path.tar.gz]`: scores the style change-point detector on the
 * Turing Change Point Dataset with TCPDBench's F1 (margin 5), next to the never-fire baseline.
 */
import { DEFAULT_TCPD_PATH, evaluateTcpd, loadTcpd } from '../bench/tcpd';

export const summary = 'score the change-point detector on TCPD (F1, margin 5) vs the never-fire baseline';

export async function run(argv: string[]): Promise<number> {
  const i = argv.indexOf('--tcpd');
  const path = i >= 0 ? argv[i + 1] : DEFAULT_TCPD_PATH;
  if (!path) {
    process.stderr.write('usage: npm run coevo -- eval-changepoints [--tcpd tcpd_series_annotations.tar.gz]\n');
    return 2;
  }
  const series = loadTcpd(path);
  const r = evaluateTcpd(series);
  const out = [`TCPD: ${series.length} series with data (of the 42 annotated), F1 with margin 5 (TCPDBench metric)`, ''];
  for (const s of r.perSeries)
    out.push(`  ${s.name.padEnd(20)} F1 ${s.f1.toFixed(3)}   never-fire ${s.zeroF1.toFixed(3)}   predicted [${s.predicted.join(', ')}]`);
  out.push('', `mean F1: ${r.meanF1.toFixed(3)}   never-fire baseline on the same series: ${r.zeroMeanF1.toFixed(3)}`);
  out.push('(TCPDBench paper, all 37 univariate series, default parameters: binseg 0.744, zero 0.669)', '');
  process.stdout.write(out.join('\n'));
  return r.meanF1 > r.zeroMeanF1 ? 0 : 1;
}
