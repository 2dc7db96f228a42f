/**
 * A dashboard view loaded only when opened: the views that bring the donation path (payload builder, redaction, age
 * encryption) are split off so the dashboard's first render does not pay for them.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';

type View = ComponentType<{ ctx: Ctx }>;

/** A view component that shows "loading" until `load` (a dynamic `import()`) has brought the real one. */
export function lazyView(load: () => Promise<View>): View {
  return function LazyView({ ctx }: { ctx: Ctx }) {
    const [View, setView] = useState<View | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      load().then(
        (v) => setView(() => v),
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
  };
}
