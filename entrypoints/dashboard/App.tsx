/**
 * The dashboard shell: navigation, the sample-data banner, and the current view. Which database it shows
 * is chosen by the URL (`?data=sample` for the classroom sample), so the person's own data and the sample
 * never mix, and a reload keeps what was shown.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { DEMO_DB_NAME, MAIN_DB_NAME, getDb } from '../../storage/db';
import { loadTags } from '../../components/data';
import type { Ctx } from './ctx';
import { loadQuick, loadRest, type Dataset } from './dataset';
import { AnalysisProgressCard, useAnalysisProgress } from '../../components/AnalysisProgress';
import { t } from '../../components/i18n';
import type { Tag } from '../../model/tags';
import { dataKindFromSearch, parseRoute, urlFor, type Route } from './route';
import { Overview } from './views/Overview';
import { Events } from './views/Events';
import { TagPage } from './views/TagPage';
import { Conversations, ConversationPage } from './views/Conversations';
import { ImportView } from './views/ImportView';
import { SettingsView } from './views/SettingsView';
import { Privacy } from './views/Privacy';
import { Present } from './views/Present';
import { Welcome } from './views/Welcome';
import { DonateLazy } from './views/DonateLazy';
import { ClassroomLazy } from './views/ClassroomLazy';
import { useVerdictStore, VerdictContext } from '../../components/Verdict';

// The sample (generator + analysis engine + word lists) is loaded only when asked for, so the dashboard's
// first render does not pay for it.
const sampleModule = () => import('../../sample/load');

/** True when the demo database holds the sample (read directly: cheap, and no need to load the generator). */
async function sampleLoaded(): Promise<boolean> {
  // Do not create the demo database just to find it empty (most people never load the sample).
  const names = await indexedDB.databases?.().catch(() => undefined);
  if (names && !names.some((d) => d.name === DEMO_DB_NAME)) return false;
  return (await getDb(DEMO_DB_NAME).conversations.count()) > 0;
}

// What every view is given lives in ctx.ts, so the views never import this shell back. The re-export is
// only for views not yet moved over (Donate.tsx); the module-graph test lists that cycle until it goes.
export type { Ctx } from './ctx';

const NAV: { view: Route['view']; key: string }[] = [
  { view: 'overview', key: 'navOverview' },
  { view: 'events', key: 'navEvents' },
  { view: 'conversations', key: 'navConversations' },
  { view: 'import', key: 'navImport' },
  { view: 'settings', key: 'navSettings' },
  { view: 'privacy', key: 'navPrivacy' },
  { view: 'donate', key: 'navDonate' },
  { view: 'classroom', key: 'navClassroom' },
  { view: 'present', key: 'navPresent' },
];

function navActive(route: Route, view: Route['view']): boolean {
  if (route.view === view) return true;
  return (view === 'events' && route.view === 'tag') || (view === 'conversations' && route.view === 'conversation');
}

export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const kind = dataKindFromSearch(location.search);
  const db = useMemo(() => getDb(kind === 'sample' ? DEMO_DB_NAME : MAIN_DB_NAME), [kind]);
  const [data, setData] = useState<Dataset | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sampleState, setSampleState] = useState<'idle' | 'loading' | 'removing'>('idle');
  const [hasSample, setHasSample] = useState(false);
  const [allTags, setAllTags] = useState<Tag[] | null>(null);
  const [tagsWanted, setTagsWanted] = useState(false);

  const reload = useCallback(() => {
    // What is stored shows at once (counts, summary, moments); a missing summary's figures are counted after.
    const show = (d: Dataset) => {
      setData(d);
      setAllTags(d.tags);
      setError(null);
    };
    loadQuick(db)
      .then(async (d) => {
        show(d);
        performance.mark('coevo-dashboard-data');
        if (d.partial || d.tagsPending) show(await loadRest(db, d));
      })
      .catch((e: unknown) => setError(t('errorLoad', String((e as Error)?.message ?? e))));
    sampleLoaded().then(setHasSample, () => setHasSample(false));
  }, [db]);
  useEffect(reload, [reload]);

  useEffect(() => {
    if (!tagsWanted || allTags || !data) return;
    loadTags(db).then(setAllTags, (e: unknown) => setError(t('errorLoad', String((e as Error)?.message ?? e))));
  }, [tagsWanted, allTags, data, db]);
  const needTags = useCallback(() => setTagsWanted(true), []);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Move focus to the new view's heading so keyboard and screen-reader users land on what changed.
  useEffect(() => {
    if (route.view === 'present') return;
    const h = document.querySelector<HTMLElement>('main h1');
    h?.focus({ preventScroll: false });
  }, [route.view]);

  const startSample = useCallback(() => {
    setSampleState('loading');
    sampleModule()
      .then((m) => m.loadSample())
      .then(() => location.assign(urlFor('sample', '#/overview')))
      .catch((e: unknown) => {
        setSampleState('idle');
        setError(t('errorSample', String((e as Error)?.message ?? e)));
      });
  }, []);

  const stopSample = useCallback(() => {
    setSampleState('removing');
    sampleModule()
      .then((m) => m.removeSample())
      .then(() => location.assign(urlFor('main', '#/overview')))
      .catch((e: unknown) => {
        setSampleState('idle');
        setError(t('errorSample', String((e as Error)?.message ?? e)));
      });
  }, []);

  useEffect(() => {
    if (route.view === 'sample') startSample();
  }, [route.view, startSample]);

  // The background analysis's progress; when a run ends the figures are read again.
  const progress = useAnalysisProgress(db, reload);
  const verdictStore = useVerdictStore(db, (e) => setError(t('errorAction', String((e as Error)?.message ?? e))));
  const ctx: Ctx = { db, kind, data, reload, startSample, allTags, needTags };

  if (route.view === 'present') return <Present ctx={ctx} slide={route.slide} />;

  return (
    <VerdictContext.Provider value={verdictStore}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is an in-page link; the handler only moves focus too. */}
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skipToContent')}
      </a>
      {kind === 'sample' && (
        <div class="banner" role="region" aria-label={t('sampleBannerLabel')} data-sample-banner>
          <span>{t('sampleBanner')}</span>
          <a href={urlFor('main', '#/overview')}>{t('sampleBack')}</a>
          <button type="button" onClick={stopSample} disabled={sampleState !== 'idle'} data-action="remove-sample">
            {sampleState === 'removing' ? t('sampleRemoving') : t('sampleRemove')}
          </button>
        </div>
      )}
      {kind === 'main' && hasSample && (
        <div class="banner subtle" role="region" aria-label={t('sampleBannerLabel')}>
          <span>{t('sampleAvailable')}</span>
          <a href={urlFor('sample', '#/overview')}>{t('sampleView')}</a>
          <button type="button" onClick={stopSample} disabled={sampleState !== 'idle'} data-action="remove-sample">
            {t('sampleRemove')}
          </button>
        </div>
      )}
      <header class="top">
        <span class="brand">{t('extName')}</span>
        <nav aria-label={t('navLabel')}>
          <ul>
            {NAV.map((n) => (
              <li>
                <a href={`#/${n.view}`} aria-current={navActive(route, n.view) ? 'page' : undefined}>
                  {t(n.key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {sampleState === 'loading' && (
          <p class="card" role="status">
            {t('sampleLoading')}
          </p>
        )}
        {route.view !== 'welcome' && <AnalysisProgressCard progress={progress} />}
        {verdictStore.loaded ? <View route={route} ctx={ctx} /> : <p role="status">{t('loading')}</p>}
      </main>
    </VerdictContext.Provider>
  );
}

function View({ route, ctx }: { route: Route; ctx: Ctx }) {
  switch (route.view) {
    case 'events':
      return <Events ctx={ctx} />;
    case 'tag':
      return <TagPage ctx={ctx} id={route.id} />;
    case 'conversations':
      return <Conversations ctx={ctx} />;
    case 'conversation':
      return <ConversationPage ctx={ctx} id={route.id} />;
    case 'import':
      return <ImportView ctx={ctx} />;
    case 'settings':
      return <SettingsView ctx={ctx} />;
    case 'privacy':
      return <Privacy />;
    case 'welcome':
      return <Welcome ctx={ctx} />;
    case 'donate':
      return <DonateLazy ctx={ctx} />;
    case 'classroom':
      return <ClassroomLazy ctx={ctx} />;
    default:
      return <Overview ctx={ctx} />;
  }
}
