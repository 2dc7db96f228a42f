/**
 * The popup: is this tab being captured (and a switch for its site), today and this week against the
 * person's own baseline, a small trend, the latest notable tag, pause, counts, delete all, and the way
 * to the dashboard. Reads figures from the store directly; asks the background for state and actions.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { PopupState } from '../../messaging/protocol';
import { SITE_IDS, SITE_NAMES, type SiteId } from '../../model/types';
import { getDb } from '../../storage/db';
import { ConfirmButton } from '../../components/ConfirmButton';
import { formatDate, formatNumber } from '../../components/format';
import { comparison, type Figure } from '../../components/headline';
import { AnalysisProgressCard, useAnalysisProgress } from '../../components/AnalysisProgress';
import { loadFigures, type PopupFigures } from './figures';
import { tabStatus } from './tab-status';
import { t, tn } from '../../components/i18n';
import { send } from '../../components/send';
import { siteForUrl, siteToOffer } from '../../components/sites';
import { siteSwitchDeps, switchSite } from '../../components/sites-browser';
import { SITES } from '../../sites/registry';
import { Sparkline } from '../../components/Sparkline';
import { TagCard } from '../../components/TagCard';
import { useVerdictStore, VerdictContext } from '../../components/Verdict';

interface View extends PopupFigures {
  state: PopupState;
  tabSite?: SiteId;
}

const dashboardUrl = (hash = '') => browser.runtime.getURL(`/dashboard.html${hash}` as '/dashboard.html');

async function openDashboard(hash = '') {
  await browser.tabs.create({ url: dashboardUrl(hash) });
  window.close();
}

async function load(): Promise<View> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const [state, figures] = await Promise.all([send('popup/state', tab?.id !== undefined ? { tabId: tab.id } : {}), loadFigures(getDb())]);
  // The tab's URL is visible through activeTab (the person opened the popup on it); the background's
  // tab state (from the content script's hello) covers the same case, so either source names the site.
  const tabSite = state.tab?.site ?? siteForUrl(tab?.url) ?? undefined;
  return { ...figures, state, tabSite };
}

export function Popup() {
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verdicts = useVerdictStore(getDb(), (e) => setError(t('errorAction', String((e as Error)?.message ?? e))));
  const refresh = useCallback(() => {
    load()
      .then((v) => {
        setView(v);
        setError(null);
      })
      .catch((e: unknown) => setError(t('errorLoad', String((e as Error)?.message ?? e))));
  }, []);
  useEffect(refresh, [refresh]);
  // The background analysis's progress (after an import); the figures are read again when it ends.
  const progress = useAnalysisProgress(getDb(), refresh);

  const setSite = async (site: SiteId, on: boolean) => {
    try {
      if ((await switchSite(site, on, siteSwitchDeps)) === 'denied') {
        setError(t('permissionDenied', SITE_NAMES[site]));
        return;
      }
      refresh();
      // The background injects the capture script into the open tab; its hello arrives a moment later.
      if (on) for (const ms of [500, 1500]) setTimeout(refresh, ms);
    } catch (e) {
      setError(t('errorAction', String((e as Error)?.message ?? e)));
    }
  };
  const setPaused = async (paused: boolean) => {
    try {
      await send('settings/update', { paused });
      await send('sites/sync', {});
      refresh();
    } catch (e) {
      setError(t('errorAction', String((e as Error)?.message ?? e)));
    }
  };

  return (
    <VerdictContext.Provider value={verdicts}>
      <main>
        <div class="popup-head">
          <h1>{t('extName')}</h1>
          <button type="button" class="primary" onClick={() => openDashboard()} data-action="open-dashboard">
            {t('openDashboard')}
          </button>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!view && !error && <p role="status">{t('loading')}</p>}
        <AnalysisProgressCard progress={progress} note={false} />
        {view && <PopupBody view={view} setSite={setSite} setPaused={setPaused} refresh={refresh} />}
      </main>
    </VerdictContext.Provider>
  );
}

function PopupBody({
  view,
  setSite,
  setPaused,
  refresh,
}: {
  view: View;
  setSite: (s: SiteId, on: boolean) => void;
  setPaused: (p: boolean) => void;
  refresh: () => void;
}) {
  const { state, tabSite } = view;
  const status = tabStatus(state, tabSite);
  const siteOn = (s: SiteId) => state.settings.sites[s] && state.granted.includes(s);
  const empty = state.counts.messages === 0;
  const offer = siteToOffer(state, tabSite);
  return (
    <>
      {offer && (
        <section class="card offer" aria-labelledby="offer-h" data-offer={offer}>
          <h2 id="offer-h">{t('offerTitle', SITE_NAMES[offer])}</h2>
          <p>{t('offerHelp', SITE_NAMES[offer], SITES[offer].hosts[0] ?? '')}</p>
          <button type="button" class="primary" onClick={() => setSite(offer, true)} data-action="capture-this-site">
            {t('offerButton', SITE_NAMES[offer])}
          </button>
        </section>
      )}
      <section class="card" aria-labelledby="tab-h">
        <h2 id="tab-h">{t('thisTab')}</h2>
        <p class={`status ${status.on ? 'on' : 'off'}`} data-tab-status>
          {status.text}
        </p>
        {state.tab?.messagesSeen !== undefined && <p class="muted">{tn('tabMessagesSeen', state.tab.messagesSeen)}</p>}
        {tabSite && !offer && (
          <SiteSwitch site={tabSite} on={siteOn(tabSite)} set={setSite}>
            {t('captureOnSite', SITE_NAMES[tabSite])}
          </SiteSwitch>
        )}
        <label class="switch">
          <span>{t('pauseAll')}</span>
          <input
            type="checkbox"
            role="switch"
            checked={state.settings.paused}
            onChange={(e) => setPaused((e.target as HTMLInputElement).checked)}
            data-action="pause"
          />
        </label>
      </section>

      {empty ? (
        <section class="card" aria-labelledby="start-h">
          <h2 id="start-h">{t('emptyTitle')}</h2>
          <p data-popup-help>{t(offer ? 'popupEmptyOffer' : tabSite ? 'popupEmptyOn' : 'popupEmpty', tabSite ? SITE_NAMES[tabSite] : '')}</p>
          <button type="button" onClick={() => openDashboard('#/sample')} data-action="popup-sample">
            {t('trySample')}
          </button>
        </section>
      ) : (
        <section class="card" aria-labelledby="fig-h">
          <h2 id="fig-h">{t('headlineTitle')}</h2>
          {view.anchor !== undefined && (
            // Nothing sent in the last seven days: the figures are for the latest period with data, and say so.
            <p class="muted" data-figures-period>
              {t('figLatestPeriod', formatDate(view.anchor))}
            </p>
          )}
          <div class="figures">
            <FigureBox label={view.anchor !== undefined ? t('figLatestDay', formatDate(view.anchor)) : t('figToday')} f={view.heads.messagesToday} />
            <FigureBox label={view.anchor !== undefined ? t('figLatestWeek') : t('figWeek')} f={view.heads.messagesWeek} />
            <FigureBox label={view.anchor !== undefined ? t('figLatestTagsWeek') : t('figTagsWeek')} f={view.heads.tagsWeek} />
          </div>
          <Sparkline
            values={view.trend}
            label={t(view.anchor !== undefined ? 'trendLabelLatest' : 'trendLabel', view.trend.join(', '), formatDate(view.anchor))}
          />
        </section>
      )}

      {view.latest && (
        <section class="card" aria-labelledby="latest-h">
          <h2 id="latest-h">{t('latestTag')}</h2>
          <TagCard tag={view.latest} compact href={dashboardUrl(`#/tag/${encodeURIComponent(view.latest.id)}`)} />
        </section>
      )}

      <section class="card" aria-labelledby="counts-h">
        <h2 id="counts-h">{t('storedHere')}</h2>
        <p data-counts>{t('countsLine', tn('nConversations', state.counts.conversations), tn('nMessages', state.counts.messages))}</p>
        <details>
          <summary>{t('allSites')}</summary>
          <div class="site-list">
            {SITE_IDS.map((s) => (
              <SiteSwitch site={s} on={siteOn(s)} set={setSite}>
                {SITE_NAMES[s]} <span class="muted">({formatNumber(state.counts.bySite[s]?.messages ?? 0)})</span>
              </SiteSwitch>
            ))}
          </div>
        </details>
        <div class="actions" style={{ marginTop: '0.5rem' }}>
          <ConfirmButton
            label={t('deleteAll')}
            word={t('deleteWord')}
            prompt={t('deletePrompt', t('deleteWord'))}
            onConfirm={async () => {
              await send('data/delete-all', { confirm: 'delete-all' });
              refresh();
            }}
          />
        </div>
      </section>
    </>
  );
}

function FigureBox({ label, f }: { label: string; f: Figure }) {
  const c = comparison(f);
  const cmp = c === 'new' ? t('cmpNew') : t(`cmp_${c}`, formatNumber(f.baseline ?? 0, 1));
  return (
    <div class="figure">
      <span class="num">{formatNumber(f.value)}</span>
      <span class="lbl">{label}</span>
      <span class="cmp muted">{cmp}</span>
    </div>
  );
}

/** A site's capture switch: its label, and a checkbox in the role of a switch. */
function SiteSwitch({ site, on, set, children }: { site: SiteId; on: boolean; set: (site: SiteId, on: boolean) => void; children: ComponentChildren }) {
  return (
    <label class="switch">
      <span>{children}</span>
      <input type="checkbox" role="switch" checked={on} onChange={(e) => set(site, (e.target as HTMLInputElement).checked)} data-site-switch={site} />
    </label>
  );
}
