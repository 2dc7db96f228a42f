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
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { withdraw } from '../../../background/donation';
import { formatDateTime } from '../../../components/format';
import { t } from '../../../components/i18n';
import { tagLabel } from '../../../components/tagMeta';
import { classCode } from '../../../donation/classroom';
import type { BuiltDonation } from '../../../donation/payload';
import { StudyError, type ParsedStudy } from '../../../donation/study';
import { TAG_TYPES, type TagType } from '../../../model/tags';
import { SITE_NAMES, type SiteId } from '../../../model/types';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import { getTerms, leaveStudy, listDonations, type DonationRow, type StudyRow } from '../../../storage/donations';
import { getSettings } from '../../../storage/settings';
import type { Ctx } from '../ctx';
import {
  classAddress,
  classStudyUrl,
  fetchClass,
  figureTable,
  listClasses,
  newSampleSeed,
  prepareClassDonation,
  sampleSeed,
  type ClassSource,
} from './ClassroomFlow';
import { outboxDeps, Review, saveEncrypted, sendReviewed } from './Donate';
import { joinStudy, originPattern } from './DonateFlow';
import './Classroom.css';

const errText = (e: unknown) => (e instanceof StudyError ? e.problems.join(' · ') : String((e as Error)?.message ?? e));
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

export function Classroom({ ctx }: { ctx: Ctx }) {
  const db = getDb(MAIN_DB_NAME);
  const [classes, setClasses] = useState<StudyRow[] | null>(null);
  const [donations, setDonations] = useState<DonationRow[]>([]);
  const [pending, setPending] = useState<{ parsed: ParsedStudy; url: string } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ text: string; error?: boolean } | null>(null);

  const refresh = useCallback(async () => {
    const [c, d] = await Promise.all([listClasses(db), listDonations(db)]);
    setClasses(c);
    setDonations(d);
  }, [db]);
  useEffect(() => void refresh().catch((e) => setMsg({ text: t('errorLoad', errText(e)), error: true })), [refresh]);
  const busy = donations.some((d) => d.status === 'queued' || d.status === 'sending');
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => void refresh(), 1_000);
    return () => clearInterval(id);
  }, [busy, refresh]);

  const study = classes?.find((c) => c.id === active) ?? null;
  return (
    <>
      <h1 tabIndex={-1}>{t('classTitle')}</h1>
      <p>{t('classIntro')}</p>
      {ctx.kind === 'sample' && <p class="card">{t('classSampleViewNote')}</p>}
      {msg && (
        <p class={msg.error ? 'error' : 'ok'} role={msg.error ? 'alert' : 'status'} data-class-message>
          {msg.text}
        </p>
      )}
      {pending ? (
        <ClassConsent
          parsed={pending.parsed}
          url={pending.url}
          onCancel={() => setPending(null)}
          onAgree={async () => {
            try {
              const row = await joinStudy(db, pending.parsed, { kind: 'url', url: pending.url });
              setPending(null);
              await refresh();
              setActive(row.id);
              setMsg({ text: t('classJoined', row.study.title) });
            } catch (e) {
              setMsg({ text: t('errorAction', errText(e)), error: true });
            }
          }}
        />
      ) : study ? (
        <Contribute
          study={study}
          onBack={() => setActive(null)}
          onDone={async (text, error) => {
            setMsg({ text, error });
            await refresh();
            if (!error) setActive(null);
          }}
        />
      ) : (
        <>
          <Classes
            classes={classes}
            donations={donations}
            onShare={(id) => {
              setMsg(null);
              setActive(id);
            }}
            onLeft={async (text, error) => {
              setMsg({ text, error });
              await refresh();
            }}
          />
          <JoinClass
            onParsed={(parsed, url) => {
              setMsg(null);
              setPending({ parsed, url });
            }}
            onError={(text) => setMsg({ text, error: true })}
          />
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
  const { classes, donations } = props;
  if (!classes) return <p role="status">{t('loading')}</p>;
  if (!classes.length)
    return (
      <p class="muted" data-no-class>
        {t('classNone')}
      </p>
    );
  return (
    <section class="card" aria-labelledby="classes-h">
      <h2 id="classes-h">{t('classYours')}</h2>
      <ul class="donate-studies">
        {classes.map((c) => (
          <ClassItem c={c} live={liveFor(donations, c.id)} onShare={props.onShare} onLeft={props.onLeft} />
        ))}
      </ul>
    </section>
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
  const [busy, setBusy] = useState(false);
  const join = (e: Event) => {
    e.preventDefault();
    let collector: string;
    try {
      collector = classAddress(typed);
    } catch (err) {
      onError(t('classInvalid', errText(err)));
      return;
    }
    // Asked inside the click: the one origin the student typed (or its code spells), and only now.
    const granted = browser.permissions.request({ origins: [originPattern(collector)] });
    setBusy(true);
    void (async () => {
      try {
        if (!(await granted)) throw new Error(t('donatePermissionDenied', collector));
        onParsed(await fetchClass(collector), classStudyUrl(collector));
      } catch (err) {
        onError(t('classInvalid', errText(err)));
      } finally {
        setBusy(false);
      }
    })();
  };
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
      <dl class="donate-study">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <h3>{t('donateConsentText', s.consent.version)}</h3>
      <div class="consent-text" data-consent-text>
        {s.consent.text}
      </div>
      <p class="muted">{t('classConsentNote')}</p>
      <div class="row">
        <button type="button" class="primary" onClick={onAgree} data-action="class-agree">
          {t('classAgree')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
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
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [built, setBuilt] = useState<BuiltDonation | null>(null);
  const [phase, setPhase] = useState<'choose' | 'building' | 'review' | 'encrypting' | 'sending'>('choose');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);

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
  }, [db]);

  const build = async (removedKeys: Set<string>, inReview = false) => {
    if (!inReview) setPhase('building');
    setError(null);
    try {
      const src: ClassSource = source === 'sample' ? { kind: 'sample', seed: seed! } : { kind: 'own' };
      const b = await prepareClassDonation(db, study, { source: src, removed: [...removedKeys], minConfidence }, browser.runtime.getManifest().version);
      setBuilt(b);
      setPhase('review');
    } catch (e) {
      setError(errText(e));
      if (!inReview) setPhase('choose');
    }
  };
  const toggle = (key: string) => {
    const next = new Set(removed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setRemoved(next);
    void build(next, true);
  };
  const send = () => {
    if (!built) return;
    // The remembered redaction terms are passed through unchanged (a summary has no text to redact).
    setProgress(null);
    void sendReviewed(study, built, terms, setPhase, (sent, total) => setProgress({ sent, total })).then((r) => {
      if ('problem' in r) {
        setError(r.problem);
        setPhase('review');
      } else onDone(r.error ? r.text : t('classSent', study.study.title, r.text), r.error);
    });
  };

  if (own == null || seed == null) return <p role="status">{t('loading')}</p>;
  return (
    <section class="card" aria-labelledby="contribute-h" data-class-contribute>
      <h2 id="contribute-h">{t('classShareTo', study.study.title)}</h2>
      <button type="button" onClick={onBack}>
        {t('back')}
      </button>
      <p class="class-shared">
        <strong>{t('classWhatIsShared')}</strong> {t('classWhatIsSharedMore')}
      </p>
      {error && (
        <p class="error" role="alert" data-class-error>
          {error}
        </p>
      )}
      {phase === 'choose' || phase === 'building' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setRemoved(new Set());
            void build(new Set());
          }}
        >
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
          <Review
            built={built}
            study={study}
            removed={removed}
            terms={terms}
            toggle={toggle}
            phase={phase}
            onSend={send}
            onSave={() => void saveEncrypted(study, built, setPhase).then((p) => p && setError(p))}
            onChange={() => setPhase('choose')}
            figureLabel={figureName}
            progress={progress}
          />
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
