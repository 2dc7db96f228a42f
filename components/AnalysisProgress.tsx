/**
 * "Analysing your history: 4,200 of 12,000 conversations · about 2 min left": shown in the dashboard and the popup
 * while the background analysis runs (after an import, a new analysis version, retention), with a progress bar.
 * Calls `onChange` when a run starts or ends, so the view shows what is current without a reload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnalysisProgress as Progress } from '../messaging/protocol';
import type { CoevoDB } from '../storage/db';
import { isRunning, percent, progressText, readProgress } from './analysis-progress';
import { t } from './i18n';

/** Polls the stored progress: often while a run goes on, seldom otherwise (to notice the next one). */
export function useAnalysisProgress(db: CoevoDB, onChange?: () => void, fastMs = 400, slowMs = 1000): Progress | undefined {
  const [p, setP] = useState<Progress | undefined>(undefined);
  const wasRunning = useRef(false);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const next = await readProgress(db).catch(() => undefined);
      if (!live) return;
      const running = isRunning(next);
      setP(running ? next : undefined);
      // A run that starts (the summary falls behind) or ends (new figures): the view reads the store again.
      if (wasRunning.current !== running) changed.current?.();
      wasRunning.current = running;
      timer = setTimeout(() => void tick(), running ? fastMs : slowMs);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [db, fastMs, slowMs]);
  return p;
}

export function AnalysisProgressCard({ progress, note = true }: { progress: Progress | undefined; note?: boolean }) {
  if (!progress) return null;
  const pct = percent(progress);
  return (
    <section class="card analysis-progress" aria-labelledby="analysis-progress-h" data-analysis-progress={progress.phase}>
      <h2 id="analysis-progress-h">{t('analysisTitle')}</h2>
      <progress max={100} value={pct} aria-label={t('analysisTitle')} style="width: 100%" />
      <p role="status" aria-live="polite" data-analysis-status>
        {progressText(progress)}
      </p>
      {note && <p class="muted">{t('analysisNote')}</p>}
    </section>
  );
}
