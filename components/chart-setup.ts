/**
 * chart.js, tree-shaken: only the controllers, elements and scales Coevo's charts use are registered,
 * plus two small plugins of our own (an opaque background so a downloaded PNG reads in any viewer, and
 * vertical markers for change points).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';

export interface Marker {
  /** Index into the chart's labels. */
  index: number;
  label: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    coevoMarkers?: { markers: Marker[]; color: string; _type?: TType };
    coevoBackground?: { color: string };
  }
}

const background: Plugin = {
  id: 'coevoBackground',
  beforeDraw(chart, _args, opts: { color?: string }) {
    if (!opts?.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = opts.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Where a marker's label goes: right of its line, or left of it when it would run past the plot's right edge (a
 * "rising" label on the latest month was cut off there), never left of the plot.
 */
export function markerLabelPlace(px: number, textWidth: number, left: number, right: number, gap = 4): { x: number; align: 'left' | 'right' } {
  if (px + gap + textWidth <= right) return { x: px + gap, align: 'left' };
  if (px - gap - textWidth >= left) return { x: px - gap, align: 'right' };
  return { x: Math.max(left, right - textWidth), align: 'left' };
}

const markers: Plugin = {
  id: 'coevoMarkers',
  afterDatasetsDraw(chart, _args, opts: { markers?: Marker[]; color?: string }) {
    const list = opts?.markers ?? [];
    if (!list.length) return;
    const x = chart.scales.x;
    const { top, bottom, left, right } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = opts.color ?? '#888';
    ctx.fillStyle = opts.color ?? '#888';
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 2;
    ctx.font = '12px system-ui, sans-serif';
    for (const m of list) {
      const px = x?.getPixelForValue(m.index);
      if (px === undefined || Number.isNaN(px)) continue;
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      const place = markerLabelPlace(px, ctx.measureText(m.label).width, left, right);
      ctx.textAlign = place.align;
      ctx.fillText(m.label, place.x, top + 12);
    }
    ctx.restore();
  },
};

let registered = false;

export function setupCharts(): typeof Chart {
  if (!registered) {
    Chart.register(
      BarController,
      LineController,
      BarElement,
      LineElement,
      PointElement,
      CategoryScale,
      LinearScale,
      Tooltip,
      Legend,
      Filler,
      background,
      markers,
    );
    registered = true;
  }
  return Chart;
}
