/**
 * A chart that answers one question (its title), with its numbers one click away: PNG and CSV downloads
 * and a table view (which also serves screen readers and keyboard users).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chart as ChartType } from 'chart.js';
import type { Marker } from './chart-setup';
import { cssVar } from './colors';
import { downloadBlob, downloadText, slug, toCsv } from './csv';
import { t } from './i18n';

export interface Series {
  label: string;
  data: (number | null)[];
  color: string;
  /** Mixed charts: a line over bars. */
  kind?: 'bar' | 'line';
  dashed?: boolean;
  /**
   * An interval's edge, drawn thin without points: 'low' is its lower edge, 'high' its upper edge, filled down to
   * the series just before it (put the low edge right before the high edge). Listed in the table and CSV as is.
   */
  band?: 'low' | 'high';
}

export interface ChartSpec {
  type: 'bar' | 'line';
  /** Axis labels (display). */
  labels: string[];
  /** Raw keys for the CSV's first column (e.g. ISO dates); defaults to labels. */
  keys?: string[];
  keyHeader?: string;
  series: Series[];
  stacked?: boolean;
  yTitle?: string;
  markers?: Marker[];
  /** Integer counts: no fractional ticks. */
  integer?: boolean;
}

export interface ChartCardProps {
  id: string;
  /** The one question this chart answers, in plain words. */
  question: string;
  caption?: string;
  spec: ChartSpec;
  large?: boolean;
}

export function chartCsv(spec: ChartSpec): string {
  const keys = spec.keys ?? spec.labels;
  return toCsv(
    [spec.keyHeader ?? 'period', ...spec.series.map((s) => s.label)],
    keys.map((k, i) => [k, ...spec.series.map((s) => s.data[i] ?? '')]),
  );
}

/**
 * chart.js (about half of the dashboard's script) is loaded with the first chart that comes on screen, not with the
 * page: the overview's counts and moments render while it loads.
 */
let chartModule: Promise<typeof import('./chart-setup')> | undefined;
const loadCharts = () => (chartModule ??= import('./chart-setup'));

export function ChartCard({ id, question, caption, spec, large }: ChartCardProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [showTable, setShowTable] = useState(false);
  // Charts are drawn when they come near the viewport: an overview of many charts costs only what is on screen.
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  // Set once the chart is on its canvas (chart.js arrives with the first chart: `data-drawn` waits for it).
  const [drawn, setDrawn] = useState(false);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    if (visible || !section.current) return undefined;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          io.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    io.observe(section.current);
    return () => io.disconnect();
  }, [visible]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !visible) return undefined;
    let gone = false;
    loadCharts().then(({ setupCharts }) => {
      if (gone) return;
      const Chart = setupCharts();
      const text = cssVar('--fg', '#222');
      const grid = cssVar('--grid', 'rgba(128,128,128,0.25)');
      const bg = cssVar('--bg-card', '#fff');
      const font = { size: large ? 18 : 12 };
      chart.current = new Chart(el, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.series.map((s) => ({
            type: s.kind ?? spec.type,
            label: s.label,
            data: s.data,
            backgroundColor: s.kind === 'line' || spec.type === 'line' ? s.color : `${s.color}cc`,
            borderColor: s.color,
            borderWidth: s.band ? 1 : 2,
            borderDash: s.dashed ? [6, 4] : undefined,
            pointRadius: s.band || spec.labels.length > 40 ? 0 : 3,
            ...(s.band ? { backgroundColor: `${s.color}33`, fill: s.band === 'high' ? '-1' : false } : {}),
            // A period without a value is a gap: the line never joins across it as if it had been measured.
            spanGaps: false,
            cubicInterpolationMode: 'monotone',
          })) as never,
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { stacked: spec.stacked, ticks: { color: text, font, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
            y: {
              stacked: spec.stacked,
              beginAtZero: true,
              ticks: { color: text, font, precision: spec.integer ? 0 : undefined },
              grid: { color: grid },
              title: spec.yTitle ? { display: true, text: spec.yTitle, color: text, font } : undefined,
            },
          },
          plugins: {
            legend: { labels: { color: text, font } },
            coevoBackground: { color: bg },
            coevoMarkers: { markers: spec.markers ?? [], color: cssVar('--accent', '#c0392b') },
          },
        },
      });
      performance.mark('coevo-chart-drawn');
      setDrawn(true);
    });
    return () => {
      gone = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, [spec, large, visible]);

  const name = slug(question);
  const png = () => {
    const c = chart.current;
    if (!c) return;
    c.canvas.toBlob((blob) => blob && downloadBlob(`coevo-${name}.png`, blob), 'image/png');
  };
  const csv = () => downloadText(`coevo-${name}.csv`, chartCsv(spec));
  const headingId = `${id}-title`;

  return (
    <section ref={section} class={`card chart-card${large ? ' large' : ''}`} aria-labelledby={headingId} data-chart={id} data-drawn={drawn ? '' : undefined}>
      <h2 id={headingId}>{question}</h2>
      {caption && <p class="caption">{caption}</p>}
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={question} />
      </div>
      <div class="chart-actions">
        <button type="button" onClick={png} data-action="png">
          {t('downloadPng')}
        </button>
        <button type="button" onClick={csv} data-action="csv">
          {t('downloadCsv')}
        </button>
        <button type="button" aria-expanded={showTable} onClick={() => setShowTable(!showTable)}>
          {showTable ? t('hideNumbers') : t('showNumbers')}
        </button>
      </div>
      {showTable && <DataTable spec={spec} caption={question} />}
    </section>
  );
}

function DataTable({ spec, caption }: { spec: ChartSpec; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{spec.keyHeader ?? t('period')}</th>
            {spec.series.map((s) => (
              <th scope="col">{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.labels.map((l, i) => (
            <tr>
              <th scope="row">{l}</th>
              {spec.series.map((s) => (
                <td>{s.data[i] ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
