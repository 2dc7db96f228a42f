/**
 * Presentation mode for projecting in class: one chart per slide, large type, high contrast, a caption
 * that says what the chart shows; ← and → (or the buttons) move between slides, Esc leaves.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { ChartCard } from '../../../components/ChartCard';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';
import { overviewCharts } from '../charts';
import './Present.css';

export function Present({ ctx, slide }: { ctx: Ctx; slide: number }) {
  const charts = useMemo(() => (ctx.data ? overviewCharts(ctx.data) : []), [ctx.data]);
  const n = charts.length;
  const i = n ? Math.min(slide, n - 1) : 0;
  const go = (k: number) => {
    location.hash = `#/present/${Math.max(0, Math.min(n - 1, k))}`;
  };

  useEffect(() => {
    document.documentElement.classList.add('present-mode');
    return () => document.documentElement.classList.remove('present-mode');
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('button, a, input, select') && e.key === 'Enter') return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') go(i + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(i - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(n - 1);
      else if (e.key === 'Escape') location.hash = '#/overview';
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [i, n]);
  useEffect(() => {
    document.querySelector<HTMLElement>('.present h1')?.focus();
  }, [i]);

  const c = charts[i];
  return (
    <main class="present" id="main">
      {ctx.kind === 'sample' && (
        <p class="banner" data-sample-banner>
          {t('sampleBannerShort')}
        </p>
      )}
      <h1 tabIndex={-1} class="sr-only">
        {t('presentTitle', i + 1, Math.max(n, 1))}
      </h1>
      {!ctx.data && <p role="status">{t('loading')}</p>}
      {ctx.data && !c && <p>{t('presentEmpty')}</p>}
      {c && <ChartCard id={`present-${c.id}`} question={c.question} caption={c.caption} spec={c.spec} large />}
      <nav class="present-nav" aria-label={t('presentNav')}>
        <button type="button" onClick={() => go(i - 1)} disabled={i === 0}>
          {t('presentPrev')}
        </button>
        <span aria-live="polite">{t('presentCounter', i + 1, Math.max(n, 1))}</span>
        <button type="button" onClick={() => go(i + 1)} disabled={i >= n - 1}>
          {t('presentNext')}
        </button>
        <a href="#/overview">{t('presentExit')}</a>
      </nav>
      <p class="muted present-help">{t('presentHelp')}</p>
    </main>
  );
}
