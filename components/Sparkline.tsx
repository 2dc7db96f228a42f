/** A tiny trend line in SVG (no chart library in the popup, so it opens fast). */
export function Sparkline({ values, label, width = 300, height = 48 }: { values: number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (v: number) => height - 3 - (v / max) * (height - 6);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1] ?? 0;
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      <circle cx={(values.length - 1) * step} cy={y(last)} r="3.5" fill="currentColor" />
    </svg>
  );
}
