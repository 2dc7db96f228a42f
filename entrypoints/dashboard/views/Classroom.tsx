/**
 * Classroom → Join: the student's side of a class session (issue 12).
 *   1. Join with the class code the teacher shows (it spells the address of the teacher's laptop) or the address
 *      itself; the class file is fetched only on that click, after asking for that one origin.
 *   2. The class is shown — title, teacher and institution, consent text — with what a class member shares: only the
 *      summary figures of their own data (monthly counts and rates, no text, no words). Agreeing records consent.
 *   3. Whose figures: the student's own chats, or (no history of their own) their own invented sample student,
 *      seeded per install and marked as sample data. The review shows every number that will leave — as a readable
 *      table and in Donate's review (rows removable, the serialized payload) — and sends through Donate's path:
 *      encrypted to the class key on this device, through the outbox, receipt in My donations.
 *   4. Leave the class: confirmed; withdraws the contribution at the teacher's collector (the donation withdrawal).
 * Privacy: with no class joined nothing here makes a request; nothing is fetched before "Join" or sent before "Send".
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { withdraw } from '../../../background/donation';
import { formatDateTime } from '../../../components/format';
import { t } from '../../../components/i18n';
import { tagLabel } from '../../../components/tagMeta';
import { classCode } from '../../../donation/classroom';
import type { BuiltDonation } from '../../../donation/payload';
import type { ParsedStudy } from '../../../donation/study';
import { TAG_TYPES, type TagType } from '../../../model/tags';
import { SITE_NAMES, type SiteId } from '../../../model/types';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import { getTerms, leaveStudy, type DonationRow, type StudyRow } from '../../../storage/donations';
import { getSettings } from '../../../storage/settings';
import type { Ctx } from '../ctx';
import type { ClassSource } from './ClassroomFlow';
import { classAddress, classStudyUrl, fetchClass, figureTable, listClasses, newSampleSeed, prepareClassDonation, sampleSeed } from './ClassroomFlow';
import { Review } from './Donate';
import { ConsentBody, errText, FormTop, outboxDeps, PageTop, StudyList, useFetchFile, useReview, useStudyPage } from './DonateShared';
import './Classroom.css';

const isTag = (s: string): s is TagType => (TAG_TYPES as readonly string[]).includes(s);

/** A figure's series in words ("Pushing back — per 100 of your messages"). */
export function figureName(series: string): string {
  const [head, ...rest] = series.split('.');
  const arg = rest.join('.');
  if (head === 'tagCounts' && isTag(arg)) return t('classFigTagCount', tagLabel(arg));
  if (head === 'tagRates' && isTag(arg)) return t('classFigTagRate', tagLabel(arg));
  if (head === 'totals') {
    if (rest[0] === 'tags' && isTag(rest.slice(1).join('.'))) return t('classFigTagTotal', tagLabel(rest.slice(1).join('.') as TagType));
    return t(`classFig_totals_${arg}`);
  }
  if (head === 'coordination' && arg) return t(arg === 'user→assistant' ? 'classFig_coordination_assistant' : 'classFig_coordination_user');
  return t(`classFig_${head}`);
}

const siteName = (site: string) => (site === 'all' ? t('donateAllSites') : (SITE_NAMES[site as SiteId] ?? site));

function codeFor(collector: string): string | null {
  try {
    return classCode(collector);
  } catch {
    return null; // a class at a host name (https) has an address but no code
  }
}

/** The live (not withdrawn) contributions of one class on this device. */
const liveFor = (donations: DonationRow[], studyId: string) => donations.filter((d) => d.studyId === studyId && d.status !== 'withdrawn');

const joinedText = (title: string) => t('classJoined', title);

export function Classroom({ ctx }: { ctx: Ctx }) {
  const page = useStudyPage(listClasses, joinedText);
  const { studies: classes, donations, refresh, msg, setMsg, pending, study } = page;
  return (
    <>
      <PageTop page="class" sample={ctx.kind === 'sample'} msg={msg} />
      {pending ? (
        <ClassConsent
          parsed={pending.parsed}
          url={pending.source.kind === 'url' ? pending.source.url : pending.source.name}
          onCancel={page.cancel}
          onAgree={page.agree}
        />
      ) : study ? (
        <Contribute study={study} onBack={() => page.setActive(null)} onDone={page.done} />
      ) : (
        <>
          <Classes
            classes={classes}
            donations={donations}
            onShare={(id) => {
              setMsg(null);
              page.setActive(id);
            }}
            onLeft={async (text, error) => {
              setMsg({ text, error });
              await refresh();
            }}
          />
          <JoinClass onParsed={(parsed, url) => page.consider(parsed, { kind: 'url', url })} onError={(text) => setMsg({ text, error: true })} />
        </>
      )}
      <p class="muted">
        {t('classReceiptsNote')} <a href="#/donate">{t('navDonate')}</a>
      </p>
    </>
  );
}

function Classes(props: {
  classes: StudyRow[] | null;
  donations: DonationRow[];
  onShare: (id: string) => void;
  onLeft: (text: string, error?: boolean) => void;
}) {
  return (
    <StudyList
      studies={props.classes}
      title={t('classYours')}
      id="classes-h"
      none={t('classNone')}
      noneAttr="data-no-class"
      item={(c) => <ClassItem c={c} live={liveFor(props.donations, c.id)} onShare={props.onShare} onLeft={props.onLeft} />}
    />
  );
}

function ClassItem({
  c,
  live,
  onShare,
  onLeft,
}: {
  c: StudyRow;
  live: DonationRow[];
  onShare: (id: string) => void;
  onLeft: (text: string, error?: boolean) => void;
}) {
  const db = getDb(MAIN_DB_NAME);
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const code = codeFor(c.study.collector);
  const latest = live[0];
  const leave = async () => {
    setLeaving(true);
    try {
      const deps = outboxDeps();
      const results = [];
      for (const d of live) results.push(await withdraw(deps, d.id));
      const bad = results.filter((r) => !r.ok);
      // Still joined while the teacher's collector has not confirmed: the student can try again.
      if (bad.length) return onLeft(t('classLeaveFailed', bad.map((r) => (r.ok ? '' : r.error)).join('; ')), true);
      await leaveStudy(db, c.id);
      onLeft(results.length ? t('classLeftWithdrawn', c.study.title) : t('classLeft', c.study.title));
    } catch (e) {
      onLeft(t('errorAction', errText(e)), true);
    } finally {
      setLeaving(false);
      setConfirming(false);
    }
  };
  return (
    <li data-class={c.id}>
      <strong>{c.study.title}</strong> — {c.study.institution}
      <span class="muted"> · {code ? t('classCodeIs', code) : c.study.collector}</span>
      <div data-class-status={latest ? latest.status : 'none'}>
        {latest ? t(`classStatus_${latest.status}`, formatDateTime(latest.createdAt)) : t('classStatus_none')}
      </div>
      {confirming ? (
        <div class="confirm" role="group" aria-label={t('classLeave')}>
          <p>{live.length ? t('classLeavePrompt', c.study.title) : t('classLeavePromptNothing', c.study.title)}</p>
          <div class="row">
            <button type="button" class="danger" onClick={() => void leave()} disabled={leaving} data-action="confirm-leave">
              {leaving ? t('classLeaving') : t('classLeaveConfirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={leaving}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="row">
          {!live.length && (
            <button type="button" class="primary" onClick={() => onShare(c.id)} data-action="class-share">
              {t('classShare')}
            </button>
          )}
          <button type="button" onClick={() => setConfirming(true)} data-action="leave-class">
            {t('classLeave')}
          </button>
        </div>
      )}
    </li>
  );
}

function JoinClass({ onParsed, onError }: { onParsed: (p: ParsedStudy, url: string) => void; onError: (text: string) => void }) {
  const [typed, setTyped] = useState('');
  const { busy, fetchFrom } = useFetchFile('classInvalid', onError);
  // Asked inside the click: the one origin the student typed (or its code spells), and only now.
  const join = (e: Event) =>
    fetchFrom(
      e,
      () => classAddress(typed),
      (collector) => collector,
      async (collector) => onParsed(await fetchClass(collector), classStudyUrl(collector)),
    );
  return (
    <section class="card" aria-labelledby="join-class-h">
      <h2 id="join-class-h">{t('classJoin')}</h2>
      <p class="muted">{t('classJoinHelp')}</p>
      <form class="row" onSubmit={join}>
        <label class="grow">
          {t('classCodeLabel')}
          <input
            value={typed}
            placeholder="0G00D-0T9E2"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            data-class-code
          />
        </label>
        <button type="submit" class="primary" disabled={!typed.trim() || busy} data-action="join-class">
          {busy ? t('loading') : t('classJoinButton')}
        </button>
      </form>
    </section>
  );
}

function ClassConsent({ parsed, url, onAgree, onCancel }: { parsed: ParsedStudy; url: string; onAgree: () => void; onCancel: () => void }) {
  const s = parsed.study;
  const code = codeFor(s.collector);
  const rows: [string, string][] = [
    [t('donateFieldTitle'), s.title],
    [t('classFieldTeacher'), s.contact],
    [t('donateFieldInstitution'), s.institution],
    [t('classFieldAddress'), code ? `${s.collector} (${t('classCodeIs', code)})` : s.collector],
    [t('donateFieldEthics'), s.ethics],
    [t('donateFieldRetention'), s.retention],
    [t('donateFieldWithdrawal'), s.withdrawal],
    [t('donateFieldSource'), url],
    [t('donateFieldSha'), parsed.sha256],
  ];
  return (
    <section class="card" aria-labelledby="class-consent-h" data-class-consent>
      <h2 id="class-consent-h">{t('classConsentTitle', s.title)}</h2>
      <p class="class-shared" data-class-shares>
        <strong>{t('classWhatIsShared')}</strong> {t('classWhatIsSharedMore')}
      </p>
      <ConsentBody page="class" rows={rows} consent={s.consent} onAgree={onAgree} onCancel={onCancel} />
    </section>
  );
}

function Contribute({ study, onBack, onDone }: { study: StudyRow; onBack: () => void; onDone: (text: string, error?: boolean) => void }) {
  const db = getDb(MAIN_DB_NAME);
  const [own, setOwn] = useState<number | null>(null);
  const [seed, setSeed] = useState<number | null>(null);
  const [source, setSource] = useState<ClassSource['kind']>('own');
  const [terms, setTerms] = useState<string[]>([]);
  const [minConfidence, setMinConfidence] = useState(0.7);
  const review = useReview(study, (removed) => {
    const src: ClassSource = source === 'sample' ? { kind: 'sample', seed: seed! } : { kind: 'own' };
    return prepareClassDonation(db, study, { source: src, removed, minConfidence }, browser.runtime.getManifest().version);
  });
  const { built, phase, error, setError } = review;

  useEffect(() => {
    void (async () => {
      const [n, s, remembered, settings] = await Promise.all([db.conversations.count(), sampleSeed(db), getTerms(db), getSettings(db)]);
      setOwn(n);
      setSeed(s);
      setTerms(remembered);
      setMinConfidence(settings.minConfidence);
      // Without a history of their own, a student joins with their own invented student.
      setSource(n > 0 ? 'own' : 'sample');
    })().catch((e) => setError(errText(e)));
  }, [db, setError]);

  // The remembered redaction terms are passed through unchanged (a summary has no text to redact).
  const send = () => review.send(terms, (r) => onDone(r.error ? r.text : t('classSent', study.study.title, r.text), r.error));

  if (own == null || seed == null) return <p role="status">{t('loading')}</p>;
  return (
    <section class="card" aria-labelledby="contribute-h" data-class-contribute>
      <h2 id="contribute-h">{t('classShareTo', study.study.title)}</h2>
      <FormTop page="class" onBack={onBack} error={error}>
        <p class="class-shared">
          <strong>{t('classWhatIsShared')}</strong> {t('classWhatIsSharedMore')}
        </p>
      </FormTop>
      {phase === 'choose' || phase === 'building' ? (
        <form onSubmit={review.review}>
          <fieldset>
            <legend>{t('classWhose')}</legend>
            <label class="block">
              <input type="radio" name="class-source" checked={source === 'own'} disabled={own === 0} onChange={() => setSource('own')} data-source="own" />{' '}
              <strong>{t('classSourceOwn')}</strong> — <span class="muted">{own ? t('classSourceOwnHelp', own) : t('classSourceOwnNone')}</span>
            </label>
            <label class="block">
              <input type="radio" name="class-source" checked={source === 'sample'} onChange={() => setSource('sample')} data-source="sample" />{' '}
              <strong>{t('classSourceSample')}</strong> — <span class="muted">{t('classSourceSampleHelp', seed)}</span>
            </label>
            {source === 'sample' && (
              <button
                type="button"
                onClick={() => void newSampleSeed(db).then(setSeed, (e) => setError(errText(e)))}
                disabled={phase === 'building'}
                data-action="new-sample"
              >
                {t('classAnotherStudent')}
              </button>
            )}
          </fieldset>
          <button type="submit" class="primary" disabled={phase === 'building'} data-action="class-review">
            {phase === 'building' ? t('donateBuilding') : t('classShowFigures')}
          </button>
        </form>
      ) : built?.payload.summary ? (
        <>
          {built.payload.sample && (
            <p class="card" data-class-sample-note>
              {t('classSampleMarked', seed)}
            </p>
          )}
          <FigureTableView built={built} />
          <Review review={review} built={built} study={study} terms={terms} onSend={send} figureLabel={figureName} />
        </>
      ) : null}
    </section>
  );
}

/** Every number of the summary that will leave, one line per measure and assistant, one column per month. */
function FigureTableView({ built }: { built: BuiltDonation }) {
  const table = figureTable(built.payload.summary!);
  return (
    <section aria-labelledby="class-figures-h" data-class-figures>
      <h3 id="class-figures-h">{t('classFiguresTitle')}</h3>
      <p class="muted">{t('classFiguresHelp')}</p>
      <table class="class-totals">
        <tbody>
          {table.totals.map((x) => (
            <tr data-total={x.series}>
              <th scope="row">{figureName(x.series)}</th>
              <td class="num">{x.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Focusable so the long table scrolls by keyboard too. */}
      <div class="class-figures-scroll" tabIndex={0} role="region" aria-labelledby="class-figures-h">
        <table class="class-figures">
          <thead>
            <tr>
              <th scope="col">{t('classColMeasure')}</th>
              <th scope="col">{t('classColAssistant')}</th>
              {table.periods.map((p) => (
                <th scope="col">{p}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.lines.map((l) => (
              <tr data-figure={`${l.series}|${l.site}`}>
                <th scope="row">{figureName(l.series)}</th>
                <td>{siteName(l.site)}</td>
                {l.values.map((v) => (
                  <td class="num">{v == null ? '—' : v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
