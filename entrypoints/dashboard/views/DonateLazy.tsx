/**
 * The Donate view, loaded only when opened: it brings the payload builder (the analysis engine), redaction and age
 * encryption, which the dashboard's first render must not pay for.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';

export function DonateLazy({ ctx }: { ctx: Ctx }) {
  const [View, setView] = useState<ComponentType<{ ctx: Ctx }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('./Donate').then(
      (m) => setView(() => m.Donate),
      (e: unknown) => setError(String((e as Error)?.message ?? e)),
    );
  }, []);
  if (error)
    return (
      <p class="error" role="alert">
        {t('errorLoad', error)}
      </p>
    );
  return View ? <View ctx={ctx} /> : <p role="status">{t('loading')}</p>;
}
