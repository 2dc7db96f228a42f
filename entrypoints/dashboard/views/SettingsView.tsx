/**
 * Settings for the person's own data (never the sample): which sites are captured (each asks for its
 * host permission), pause, retention, export everything as JSON or CSV, and delete everything.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PopupState } from '../../../messaging/protocol';
import { SITE_IDS, SITE_NAMES, type SiteId } from '../../../model/types';
import { CONFIDENCE_CHOICES } from '../../../model/tags';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { downloadText } from '../../../components/csv';
import { t, tn } from '../../../components/i18n';
import { send } from '../../../components/send';
import { siteSwitchDeps, switchSite } from '../../../components/sites-browser';
import type { Ctx } from '../ctx';
import { exportJson, exportMessagesCsv, exportTagsCsv } from '../exportData';

const RETENTION = [0, 30, 90, 180, 365, 730];
const stamp = () => new Date().toISOString().slice(0, 10);

export function SettingsView({ ctx }: { ctx: Ctx }) {
  const [state, setState] = useState<PopupState | null>(null);
  const [msg, setMsg] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const main = getDb(MAIN_DB_NAME);
  const refresh = useCallback(() => {
    send('popup/state', {}).then(setState, (e: unknown) => setMsg({ text: t('errorLoad', String((e as Error)?.message ?? e)), error: true }));
  }, []);
  useEffect(refresh, [refresh]);

  const act = async (f: () => Promise<unknown>, done?: string) => {
    try {
      await f();
      if (done) setMsg({ text: done });
      refresh();
    } catch (e) {
      setMsg({ text: t('errorAction', String((e as Error)?.message ?? e)), error: true });
    }
  };
  const setSite = (site: SiteId, on: boolean) =>
    act(async () => {
      if ((await switchSite(site, on, siteSwitchDeps)) === 'denied') throw new Error(t('permissionDenied', SITE_NAMES[site]));
    });
  const exportAs = (kind: 'json' | 'messages' | 'tags') =>
    act(async () => {
      setBusy(true);
      try {
        if (kind === 'json') downloadText(`coevo-export-${stamp()}.json`, await exportJson(main), 'application/json');
        else if (kind === 'messages') downloadText(`coevo-messages-${stamp()}.csv`, await exportMessagesCsv(main));
        else downloadText(`coevo-tags-${stamp()}.csv`, await exportTagsCsv(main));
      } finally {
        setBusy(false);
      }
    }, t('exportDone'));

  return (
    <>
      <h1 tabIndex={-1}>{t('settingsTitle')}</h1>
      {ctx.kind === 'sample' && <p class="card">{t('settingsSampleNote')}</p>}
      {msg && (
        <p class={msg.error ? 'error' : 'ok'} role={msg.error ? 'alert' : 'status'}>
          {msg.text}
        </p>
      )}
      {!state && <p role="status">{t('loading')}</p>}
      {state && (
        <>
          <section class="card" aria-labelledby="sites-h">
            <h2 id="sites-h">{t('sitesTitle')}</h2>
            <p class="muted">{t('sitesHelp')}</p>
            <label class="switch">
              <span>{t('pauseAll')}</span>
              <input
                type="checkbox"
                role="switch"
                checked={state.settings.paused}
                onChange={(e) => act(() => send('settings/update', { paused: (e.target as HTMLInputElement).checked }))}
                data-action="pause"
              />
            </label>
            <ul class="site-switches">
              {SITE_IDS.map((s) => (
                <li>
                  <label class="switch">
                    <span>
                      {SITE_NAMES[s]} <span class="muted">({tn('nMessages', state.counts.bySite[s]?.messages ?? 0)})</span>
                    </span>
                    <input
                      type="checkbox"
                      role="switch"
                      checked={state.settings.sites[s] && state.granted.includes(s)}
                      onChange={(e) => setSite(s, (e.target as HTMLInputElement).checked)}
                      data-site-switch={s}
                    />
                  </label>
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="ret-h">
            <h2 id="ret-h">{t('retentionTitle')}</h2>
            <label>
              {t('retentionLabel')}{' '}
              <select
                value={String(state.settings.retentionDays)}
                onChange={(e) => act(() => send('settings/update', { retentionDays: Number((e.target as HTMLSelectElement).value) }), t('saved'))}
                data-retention
              >
                {RETENTION.map((d) => (
                  <option value={String(d)}>{d === 0 ? t('retentionForever') : tn('nDays', d)}</option>
                ))}
              </select>
            </label>
          </section>
          <section class="card" aria-labelledby="conf-h">
            <h2 id="conf-h">{t('confidenceTitle')}</h2>
            <p class="muted">{t('confidenceHelp')}</p>
            <label>
              <select
                aria-labelledby="conf-h"
                value={String(state.settings.minConfidence)}
                onChange={(e) => act(() => send('settings/update', { minConfidence: Number((e.target as HTMLSelectElement).value) }), t('saved'))}
                data-min-confidence
              >
                {CONFIDENCE_CHOICES.map((c) => (
                  <option value={String(c)}>{t('confidenceChoice', Math.round(c * 100))}</option>
                ))}
              </select>
            </label>
          </section>
          <section class="card" aria-labelledby="exp-h">
            <h2 id="exp-h">{t('exportTitle')}</h2>
            <p class="muted">{t('exportHelp', tn('nConversations', state.counts.conversations), tn('nMessages', state.counts.messages))}</p>
            <div class="row">
              <button type="button" disabled={busy} onClick={() => exportAs('json')} data-action="export-json">
                {t('exportJson')}
              </button>
              <button type="button" disabled={busy} onClick={() => exportAs('messages')} data-action="export-csv">
                {t('exportMessagesCsv')}
              </button>
              <button type="button" disabled={busy} onClick={() => exportAs('tags')} data-action="export-tags-csv">
                {t('exportTagsCsv')}
              </button>
            </div>
          </section>
          <section class="card" aria-labelledby="sample-h">
            <h2 id="sample-h">{t('sampleTitle')}</h2>
            <p class="muted">{t('sampleHelp')}</p>
            <div class="row">
              <button type="button" onClick={ctx.startSample} data-action="load-sample">
                {t('trySample')}
              </button>
            </div>
          </section>
          <section class="card" aria-labelledby="del-h">
            <h2 id="del-h">{t('deleteTitle')}</h2>
            <p class="muted">{t('deleteHelp')}</p>
            <ConfirmButton
              label={t('deleteAll')}
              word={t('deleteWord')}
              prompt={t('deletePrompt', t('deleteWord'))}
              onConfirm={() =>
                act(async () => {
                  await send('data/delete-all', { confirm: 'delete-all' });
                  if (ctx.kind === 'main') ctx.reload();
                }, t('deleted'))
              }
            />
          </section>
        </>
      )}
    </>
  );
}
