/**
 * The Classroom view, loaded only when opened: it brings the donation path (payload builder, age encryption) and the
 * sample generator, which the dashboard's first render must not pay for.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';

export function ClassroomLazy({ ctx }: { ctx: Ctx }) {
  const [View, setView] = useState<ComponentType<{ ctx: Ctx }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import('./Classroom').then(
      (m) => setView(() => m.Classroom),
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
