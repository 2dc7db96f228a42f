/**
 * Donate: the one way anything leaves Coevo, under the person's control at every step.
 *   1. Join a study from a file or a pasted URL (fetched only on that click); the consent screen shows the whole study
 *      file and its SHA-256; consent is recorded with both.
 *   2. Choose the level the study asks for, sites, dates, single conversations, and the person's own terms to redact.
 *   3. Review exactly what will be sent: every row (searchable, removable), redactions highlighted and counted, and the
 *      serialized payload as it will be encrypted.
 *   4. Encrypt on the device to the study's key; send from the outbox (the collector's origin is asked for at that
 *      click only) or save the encrypted file. "My donations" keeps receipts and withdraws one or all.
 * Privacy: with no study joined, this view makes no request at all; donations come from the person's own data only.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { OUTBOX_ALARM, processOutbox, retryDonation, withdraw, withdrawAll, type OutboxDeps } from '../../../background/donation';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { downloadBlob } from '../../../components/csv';
import { formatDate, formatDateTime, formatNumber } from '../../../components/format';
import { t } from '../../../components/i18n';
import type { BuiltDonation, ReviewRow } from '../../../donation/payload';
import { xhrFetch } from '../../../donation/upload';
import { normalizeTerms, type RedactionSpan } from '../../../donation/redact';
import { parseStudy, StudyError, type Level, type ParsedStudy } from '../../../donation/study';
import { REDACTION_KINDS } from '../../../model/donation';
import { SITE_NAMES, type SiteId } from '../../../model/types';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import { forgetDonation, getTerms, leaveStudy, listDonations, listStudies, type DonationRow, type StudyRow } from '../../../storage/donations';
import { getSettings } from '../../../storage/settings';
import type { Ctx } from '../App';
import {
  donationFileName,
  donationPermissions,
  encryptDonation,
  fetchStudy,
  joinStudy,
  originPattern,
  prepareDonation,
  queueEncrypted,
  studyFileUrl,
} from './DonateFlow';
import './Donate.css';

const REVIEW_PAGE = 200;
const errText = (e: unknown) => (e instanceof StudyError ? e.problems.join(' · ') : String((e as Error)?.message ?? e));

/** The outbox as this page runs it: uploads go through XMLHttpRequest so the person sees the bytes leave. */
export function outboxDeps(progress?: OutboxDeps['progress']): OutboxDeps {
  return {
    db: getDb(MAIN_DB_NAME),
    fetch: (u, i, p) => (p ? xhrFetch(u, i, p) : fetch(u, i)),
    progress,
    schedule: async (when) => {
      // The background wakes on this alarm even if this page is closed or the worker was stopped.
      if (when == null) await browser.alarms.clear(OUTBOX_ALARM);
      else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1_000) });
    },
    log: (m) => console.warn(`[coevo] ${m}`),
  };
}

/** Text with the redaction markers highlighted. */
export function Highlighted({ text, spans }: { text: string; spans: RedactionSpan[] }) {
  const out: (string | preact.JSX.Element)[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.outStart > at) out.push(text.slice(at, s.outStart));
    out.push(
      <mark class={`redacted redacted-${s.kind}`} title={t(`donateKind_${s.kind}`)} data-redacted={s.kind}>
        {text.slice(s.outStart, s.outEnd)}
      </mark>,
    );
    at = s.outEnd;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}

export function Donate({ ctx }: { ctx: Ctx }) {
  const db = getDb(MAIN_DB_NAME);
  const [studies, setStudies] = useState<StudyRow[] | null>(null);
  const [donations, setDonations] = useState<DonationRow[]>([]);
  const [pending, setPending] = useState<{ parsed: ParsedStudy; source: StudyRow['source'] } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ text: string; error?: boolean } | null>(null);

  const refresh = useCallback(async () => {
    const [s, d] = await Promise.all([listStudies(db), listDonations(db)]);
    setStudies(s);
    setDonations(d);
  }, [db]);
  useEffect(() => void refresh().catch((e) => setMsg({ text: t('errorLoad', errText(e)), error: true })), [refresh]);
  // While something is in the outbox, follow its progress (the background may be the one sending).
  const busy = donations.some((d) => d.status === 'queued' || d.status === 'sending');
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => void refresh(), 1_000);
    return () => clearInterval(id);
  }, [busy, refresh]);

  const study = studies?.find((s) => s.id === active) ?? null;

  return (
    <>
      <h1 tabIndex={-1}>{t('donateTitle')}</h1>
      <p>{t('donateIntro')}</p>
      {ctx.kind === 'sample' && <p class="card">{t('donateSampleNote')}</p>}
      {msg && (
        <p class={msg.error ? 'error' : 'ok'} role={msg.error ? 'alert' : 'status'} data-donate-message>
          {msg.text}
        </p>
      )}
      {pending ? (
        <Consent
          parsed={pending.parsed}
          source={pending.source}
          onCancel={() => setPending(null)}
          onAgree={async () => {
            try {
              const row = await joinStudy(db, pending.parsed, pending.source);
              setPending(null);
              await refresh();
              setActive(row.id);
              setMsg({ text: t('donateJoined', row.study.title) });
            } catch (e) {
              setMsg({ text: t('errorAction', errText(e)), error: true });
            }
          }}
        />
      ) : study ? (
        <DonateForm
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
          <Studies
            studies={studies}
            onPick={setActive}
            onLeave={async (id) => {
              await leaveStudy(db, id);
              await refresh();
            }}
          />
          <Join
            onParsed={(parsed, source) => {
              setMsg(null);
              setPending({ parsed, source });
            }}
            onError={(text) => setMsg({ text, error: true })}
          />
        </>
      )}
      <MyDonations donations={donations} refresh={refresh} setMsg={setMsg} />
    </>
  );
}

function Studies({ studies, onPick, onLeave }: { studies: StudyRow[] | null; onPick: (id: string) => void; onLeave: (id: string) => void }) {
  if (!studies) return <p role="status">{t('loading')}</p>;
  if (!studies.length)
    return (
      <p class="muted" data-no-study>
        {t('donateNoStudy')}
      </p>
    );
  return (
    <section class="card" aria-labelledby="studies-h">
      <h2 id="studies-h">{t('donateStudies')}</h2>
      <ul class="donate-studies">
        {studies.map((s) => (
          <li data-study={s.id}>
            <strong>{s.study.title}</strong> — {s.study.institution}
            <span class="muted"> · {t('donateConsentedOn', formatDate(s.consent.at), s.consent.version)}</span>
            <div class="row">
              <button type="button" class="primary" onClick={() => onPick(s.id)} data-action="donate-to">
                {t('donateMake')}
              </button>
              <button type="button" onClick={() => onLeave(s.id)} data-action="leave-study">
                {t('donateLeave')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Join({ onParsed, onError }: { onParsed: (p: ParsedStudy, source: StudyRow['source']) => void; onError: (text: string) => void }) {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const fromFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      onParsed(await parseStudy(new Uint8Array(await file.arrayBuffer())), { kind: 'file', name: file.name });
    } catch (e) {
      onError(t('donateStudyInvalid', errText(e)));
    }
  };
  const fromUrl = (e: Event) => {
    e.preventDefault();
    let target: string;
    try {
      target = studyFileUrl(url);
    } catch (err) {
      onError(t('donateStudyInvalid', errText(err)));
      return;
    }
    // Asked inside the click: the one origin the person typed, and only now.
    const granted = browser.permissions.request({ origins: [originPattern(target)] });
    setBusy(true);
    void (async () => {
      try {
        if (!(await granted)) throw new Error(t('donatePermissionDenied', new URL(target).origin));
        onParsed(await fetchStudy(target), { kind: 'url', url: target });
      } catch (err) {
        onError(t('donateStudyInvalid', errText(err)));
      } finally {
        setBusy(false);
      }
    })();
  };
  return (
    <section class="card" aria-labelledby="join-h">
      <h2 id="join-h">{t('donateJoin')}</h2>
      <p class="muted">{t('donateJoinHelp')}</p>
      <label class="block">
        {t('donateFromFile')}
        <input type="file" accept=".json,application/json" onChange={(e) => void fromFile((e.target as HTMLInputElement).files?.[0])} data-study-file />
      </label>
      <form class="row" onSubmit={fromUrl}>
        <label class="grow">
          {t('donateFromUrl')}
          <input type="url" value={url} placeholder="https://…" onInput={(e) => setUrl((e.target as HTMLInputElement).value)} data-study-url />
        </label>
        <button type="submit" disabled={!url.trim() || busy} data-action="fetch-study">
          {busy ? t('loading') : t('donateFetch')}
        </button>
      </form>
    </section>
  );
}

function Consent({ parsed, source, onAgree, onCancel }: { parsed: ParsedStudy; source: StudyRow['source']; onAgree: () => void; onCancel: () => void }) {
  const s = parsed.study;
  const rows: [string, string][] = [
    [t('donateFieldTitle'), s.title],
    [t('donateFieldKind'), s.kind === 'classroom' ? t('donateKindClassroom') : t('donateKindStudy')],
    [t('donateFieldInstitution'), s.institution],
    [t('donateFieldContact'), s.contact],
    [t('donateFieldEthics'), s.ethics],
    [t('donateFieldLevels'), s.levels.map((l) => t(`donateLevel_${l}`)).join(' · ')],
    [t('donateFieldCollector'), s.collector],
    [t('donateFieldRetention'), s.retention],
    [t('donateFieldWithdrawal'), s.withdrawal],
    [t('donateFieldRecipient'), s.recipient],
    [t('donateFieldId'), s.id],
    [t('donateFieldSource'), source.kind === 'file' ? source.name : source.url],
    [t('donateFieldSha'), parsed.sha256],
  ];
  return (
    <section class="card" aria-labelledby="consent-h" data-consent>
      <h2 id="consent-h">{t('donateConsentTitle', s.title)}</h2>
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
      <p class="muted">{t('donateConsentNote')}</p>
      <div class="row">
        <button type="button" class="primary" onClick={onAgree} data-action="consent">
          {t('donateAgree')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}

interface ConvChoice {
  id: string;
  site: SiteId;
  title?: string;
  start: number | null;
}

function DonateForm({ study, onBack, onDone }: { study: StudyRow; onBack: () => void; onDone: (text: string, error?: boolean) => void }) {
  const db = getDb(MAIN_DB_NAME);
  const [level, setLevel] = useState<Level>(study.study.levels[0]!);
  const [convs, setConvs] = useState<ConvChoice[] | null>(null);
  const [sites, setSites] = useState<SiteId[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [termsText, setTermsText] = useState('');
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [built, setBuilt] = useState<BuiltDonation | null>(null);
  const [phase, setPhase] = useState<'choose' | 'building' | 'review' | 'encrypting' | 'sending'>('choose');
  const [error, setError] = useState<string | null>(null);
  const [minConfidence, setMinConfidence] = useState(0.7);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);

  useEffect(() => {
    void (async () => {
      const [rows, terms, settings] = await Promise.all([db.conversations.toArray(), getTerms(db), getSettings(db)]);
      setConvs(
        rows.map((c) => ({ id: c.id, site: c.site, title: c.title, start: c.createdAt ?? c.updatedAt })).sort((a, b) => (a.start ?? 0) - (b.start ?? 0)),
      );
      setTermsText(terms.join('\n'));
      setMinConfidence(settings.minConfidence);
    })().catch((e) => setError(errText(e)));
  }, [db]);

  const allSites = useMemo(() => [...new Set((convs ?? []).map((c) => c.site))].sort(), [convs]);
  const fromMs = from ? Date.parse(`${from}T00:00:00Z`) : null;
  const toMs = to ? Date.parse(`${to}T23:59:59.999Z`) : null;
  const matching = useMemo(
    () =>
      (convs ?? []).filter(
        (c) =>
          (!sites.length || sites.includes(c.site)) &&
          (fromMs == null && toMs == null ? true : c.start != null && (fromMs == null || c.start >= fromMs) && (toMs == null || c.start <= toMs)),
      ),
    [convs, sites, fromMs, toMs],
  );
  const terms = normalizeTerms(termsText.split('\n'));

  // After a row is removed or put back the review stays on screen while the payload is rebuilt.
  const build = async (removedKeys: Set<string>, inReview = false) => {
    if (!inReview) setPhase('building');
    setError(null);
    try {
      const b = await prepareDonation(
        db,
        study,
        {
          level,
          selection: { sites, from: fromMs, to: toMs, conversationIds: picked ? matching.filter((c) => picked.has(c.id)).map((c) => c.id) : null },
          terms,
          removed: [...removedKeys],
          minConfidence,
        },
        browser.runtime.getManifest().version,
      );
      setBuilt(b);
      setPhase('review');
    } catch (e) {
      setError(errText(e));
      if (!inReview) setPhase('choose');
    }
  };
  const toggleRow = (key: string) => {
    const next = new Set(removed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setRemoved(next);
    void build(next, true);
  };

  const send = () => {
    if (!built) return;
    setProgress(null);
    void sendReviewed(study, built, terms, setPhase, (sent, total) => setProgress({ sent, total })).then((r) => {
      if ('problem' in r) {
        setError(r.problem);
        setPhase('review');
      } else onDone(r.text, r.error);
    });
  };
  const saveFile = async () => {
    if (!built) return;
    const problem = await saveEncrypted(study, built, setPhase);
    if (problem) setError(problem);
  };

  if (!convs) return <p role="status">{t('loading')}</p>;
  return (
    <section class="card" aria-labelledby="donate-h" data-donate-form>
      <h2 id="donate-h">{t('donateTo', study.study.title)}</h2>
      <button type="button" onClick={onBack}>
        {t('back')}
      </button>
      {error && (
        <p class="error" role="alert" data-donate-error>
          {error}
        </p>
      )}
      {phase === 'choose' || phase === 'building' ? (
        <form
          class="donate-choose"
          onSubmit={(e) => {
            e.preventDefault();
            setRemoved(new Set());
            void build(new Set());
          }}
        >
          <fieldset>
            <legend>{t('donateLevel')}</legend>
            {study.study.levels.map((l) => (
              <label class="block">
                <input type="radio" name="level" value={l} checked={level === l} onChange={() => setLevel(l)} data-level={l} />
                <strong>{t(`donateLevel_${l}`)}</strong> — <span class="muted">{t(`donateLevelHelp_${l}`)}</span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('donateSites')}</legend>
            {allSites.map((s) => (
              <label>
                <input
                  type="checkbox"
                  checked={!sites.length || sites.includes(s)}
                  onChange={(e) => {
                    const on = (e.target as HTMLInputElement).checked;
                    const cur = sites.length ? sites : allSites;
                    const next = on ? [...new Set([...cur, s])] : cur.filter((x) => x !== s);
                    setSites(next.length === allSites.length ? [] : next);
                  }}
                  data-site={s}
                />{' '}
                {SITE_NAMES[s]}
              </label>
            ))}
          </fieldset>
          <fieldset class="row">
            <legend>{t('donateDates')}</legend>
            <label>
              {t('donateFrom')} <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} data-from />
            </label>
            <label>
              {t('donateUntil')} <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} data-to />
            </label>
          </fieldset>
          <details>
            <summary>{t('donateConversations', matching.length, picked ? matching.filter((c) => picked.has(c.id)).length : matching.length)}</summary>
            <div class="row">
              <button type="button" onClick={() => setPicked(null)} data-action="pick-all">
                {t('donateAllMatching')}
              </button>
              <button type="button" onClick={() => setPicked(new Set())} data-action="pick-none">
                {t('donateNone')}
              </button>
            </div>
            <ul class="donate-convs">
              {matching.map((c) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      checked={!picked || picked.has(c.id)}
                      onChange={(e) => {
                        const next = new Set(picked ?? matching.map((x) => x.id));
                        if ((e.target as HTMLInputElement).checked) next.add(c.id);
                        else next.delete(c.id);
                        setPicked(next);
                      }}
                      data-conversation={c.id}
                    />{' '}
                    {c.title || t('untitled')}{' '}
                    <span class="muted">
                      · {SITE_NAMES[c.site]} · {formatDate(c.start)}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </details>
          <label class="block">
            {t('donateTerms')}
            <span class="muted"> {t('donateTermsHelp')}</span>
            <textarea rows={3} value={termsText} onInput={(e) => setTermsText((e.target as HTMLTextAreaElement).value)} data-terms />
          </label>
          <button type="submit" class="primary" disabled={phase === 'building'} data-action="review">
            {phase === 'building' ? t('donateBuilding') : t('donateReview')}
          </button>
        </form>
      ) : built ? (
        <Review
          built={built}
          study={study}
          removed={removed}
          terms={terms}
          toggle={toggleRow}
          phase={phase}
          progress={progress}
          onSend={send}
          onSave={() => void saveFile()}
          onChange={() => setPhase('choose')}
        />
      ) : null}
    </section>
  );
}

/**
 * Encrypts a reviewed donation on this device, puts it in the outbox and sends it (Donate and Classroom share this).
 * Call it inside the person's click: the collector's origin is asked for there, synchronously, and for nothing else.
 * Resolves to the outcome to show, or to a problem that leaves the person on the review (nothing was queued).
 */
export function sendReviewed(
  study: StudyRow,
  built: BuiltDonation,
  terms: string[],
  setPhase: (p: 'encrypting' | 'sending') => void,
  onProgress?: (sent: number, total: number) => void,
): Promise<{ text: string; error?: boolean; id: string } | { problem: string }> {
  const db = getDb(MAIN_DB_NAME);
  // The collector's origin (and, in Firefox, the data-collection consent for what this level sends), nothing else.
  const granted = browser.permissions.request(
    donationPermissions(study.study.collector, built.payload.level, import.meta.env.FIREFOX) as browser.Permissions.Permissions,
  );
  setPhase('encrypting');
  return (async () => {
    try {
      if (!(await granted)) throw new Error(t('donatePermissionDenied', new URL(study.study.collector).origin));
      const ct = await encryptDonation(study, built);
      const row = await queueEncrypted(db, study, built, ct, terms);
      onProgress?.(0, row.bytes);
      setPhase('sending');
      const r = await processOutbox(
        outboxDeps((id, sent, total) => id === row.id && onProgress?.(sent, total)),
        row.id,
      );
      if (r.sent.includes(row.id)) return { text: t('donateSent', study.study.title), id: row.id };
      if (r.retrying.includes(row.id)) return { text: t('donateQueued'), id: row.id };
      return { text: t('donateFailed', (await db.donations.get(row.id))?.lastError ?? ''), error: true, id: row.id };
    } catch (e) {
      return { problem: errText(e) };
    }
  })();
}

/** "Save the encrypted donation as a file": encrypted to the study's key on this device, nothing sent. */
export async function saveEncrypted(study: StudyRow, built: BuiltDonation, setPhase: (p: 'encrypting' | 'review') => void): Promise<string | null> {
  try {
    setPhase('encrypting');
    const ct = await encryptDonation(study, built);
    downloadBlob(donationFileName(study.id, Date.now()), new Blob([ct as BlobPart], { type: 'application/octet-stream' }));
    return null;
  } catch (e) {
    return errText(e);
  } finally {
    setPhase('review');
  }
}

export function Review(props: {
  built: BuiltDonation;
  study: StudyRow;
  removed: Set<string>;
  terms: string[];
  toggle: (key: string) => void;
  phase: string;
  /** Bytes of the encrypted donation sent so far, while it is being sent. */
  progress?: { sent: number; total: number } | null;
  onSend: () => void;
  onSave: () => void;
  onChange: () => void;
  /** How a figure row's series is named (the Classroom names them in words); default: the series as sent. */
  figureLabel?: (series: string) => string;
}) {
  const { built, study, terms, phase } = props;
  const [q, setQ] = useState('');
  const [limit, setLimit] = useState(REVIEW_PAGE);
  const rows = useMemo(() => {
    const s = q.trim().toLowerCase();
    if (!s) return built.rows;
    return built.rows.filter(
      (r) =>
        r.text.toLowerCase().includes(s) ||
        r.label.toLowerCase().includes(s) ||
        (r.conversationTitle ?? '').toLowerCase().includes(s) ||
        r.evidence?.some((e) => e.text.toLowerCase().includes(s)),
    );
  }, [built, q]);
  const counts = built.payload.redaction;
  const kept = built.rows.filter((r) => !r.removed).length;
  const working = phase === 'encrypting' || phase === 'sending';
  return (
    <div data-review>
      <h3>{t('donateReviewTitle')}</h3>
      <p>{t('donateReviewSummary', t(`donateLevel_${built.payload.level}`), kept, built.rows.length - kept, built.payload.scope?.conversations ?? 0)}</p>
      <p data-redaction-counts>
        {t('donateRedacted')}{' '}
        {REDACTION_KINDS.map((k) => (
          <span class={`chip redacted-${k}`} data-count={k}>
            {t(`donateKind_${k}`)}: {counts[k]}
          </span>
        ))}
      </p>
      <p class="muted">
        {terms.length ? t('donateTermsUsed', terms.join(', ')) : t('donateNoTerms')} {t('donateNotAnonymous')}
      </p>
      <div class="row">
        <button type="button" onClick={props.onChange} disabled={working}>
          {t('donateChange')}
        </button>
      </div>
      <label class="block">
        {t('donateSearch')}
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} data-review-search />
      </label>
      <p class="muted" role="status">
        {t('donateShowing', Math.min(limit, rows.length), rows.length)}
      </p>
      <table class="donate-review">
        <thead>
          <tr>
            <th>{t('donateColWhat')}</th>
            <th>{t('donateColWhere')}</th>
            <th>{t('donateColText')}</th>
            <th>
              <span class="sr-only">{t('donateColRemove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, limit).map((r) => (
            <RowView r={r} toggle={props.toggle} disabled={working} figureLabel={props.figureLabel} />
          ))}
        </tbody>
      </table>
      {rows.length > limit && (
        <button type="button" onClick={() => setLimit(limit + REVIEW_PAGE)}>
          {t('donateMore')}
        </button>
      )}
      <details open>
        <summary>{t('donatePayload', formatNumber(new TextEncoder().encode(built.json).length))}</summary>
        {/* Focusable so the long payload scrolls by keyboard too. */}
        <pre class="donate-payload" tabIndex={0} data-payload>
          {built.json}
        </pre>
      </details>
      <p>{t('donateEncryptNote', study.study.institution)}</p>
      <div class="row">
        <button type="button" class="primary" onClick={props.onSend} disabled={working} data-action="send">
          {phase === 'encrypting' ? t('donateEncrypting') : phase === 'sending' ? t('donateSending') : t('donateSend', new URL(study.study.collector).host)}
        </button>
        <button type="button" onClick={props.onSave} disabled={working} data-action="save-file">
          {t('donateSaveFile')}
        </button>
      </div>
      {phase === 'sending' && props.progress && (
        <p role="status" data-upload-progress data-sent={props.progress.sent} data-total={props.progress.total}>
          <progress value={props.progress.sent} max={props.progress.total || 1} />{' '}
          {t('donateProgress', formatNumber(props.progress.sent), formatNumber(props.progress.total))}
        </p>
      )}
    </div>
  );
}

function RowView({
  r,
  toggle,
  disabled,
  figureLabel,
}: {
  r: ReviewRow;
  toggle: (k: string) => void;
  disabled: boolean;
  figureLabel?: (series: string) => string;
}) {
  const where = [r.conversation, r.site === 'all' ? t('donateAllSites') : (SITE_NAMES[r.site as SiteId] ?? r.site), r.time != null ? formatDate(r.time) : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <tr class={r.removed ? 'removed' : undefined} data-row={r.key} data-removed={r.removed ? 'yes' : 'no'}>
      <td>{r.kind === 'tag' ? r.label : r.kind === 'figure' ? (figureLabel?.(r.label) ?? r.label) : t(`donateRow_${r.kind}`, r.label)}</td>
      <td>{where}</td>
      <td>
        <div class="donate-text">
          <Highlighted text={r.text} spans={r.spans} />
        </div>
        {r.kind === 'tag' && (
          <div class="muted" data-verdict={r.verdict ?? 'none'}>
            {t(
              'donateYourVerdict',
              r.verdict === 'yes'
                ? t('verdictYes')
                : r.verdict === 'no'
                  ? t('verdictNo')
                  : r.verdict === 'unsure'
                    ? t('verdictUnsure')
                    : t('donateVerdictNone'),
            )}
          </div>
        )}
        {r.evidence?.map((e) => (
          <blockquote class="donate-text">
            <span class="muted">
              {e.conversation} · {e.role}:{' '}
            </span>
            <Highlighted text={e.text} spans={e.spans} />
          </blockquote>
        ))}
      </td>
      <td>
        <button type="button" onClick={() => toggle(r.key)} disabled={disabled} data-action={r.removed ? 'restore-row' : 'remove-row'}>
          {r.removed ? t('donateRestore') : t('donateRemove')}
        </button>
      </td>
    </tr>
  );
}

function MyDonations({
  donations,
  refresh,
  setMsg,
}: {
  donations: DonationRow[];
  refresh: () => Promise<void>;
  setMsg: (m: { text: string; error?: boolean }) => void;
}) {
  const db = getDb(MAIN_DB_NAME);
  const act = async (f: () => Promise<string | undefined> | Promise<void>) => {
    try {
      const text = await f();
      if (text) setMsg({ text });
    } catch (e) {
      setMsg({ text: t('errorAction', errText(e)), error: true });
    }
    await refresh();
  };
  const open = donations.filter((d) => d.status !== 'withdrawn');
  return (
    <section class="card" aria-labelledby="mine-h" data-my-donations>
      <h2 id="mine-h">{t('donateMine')}</h2>
      {!donations.length && <p class="muted">{t('donateNone_mine')}</p>}
      {donations.length > 0 && (
        <table class="donate-mine">
          <thead>
            <tr>
              <th>{t('donateColStudy')}</th>
              <th>{t('donateColStatus')}</th>
              <th>{t('donateColReceipt')}</th>
              <th>
                <span class="sr-only">{t('donateColActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {donations.map((d) => (
              <tr data-donation={d.id} data-status={d.status}>
                <td>
                  {d.studyTitle}
                  <div class="muted">
                    {t(`donateLevel_${d.level}`)} · {formatDateTime(d.createdAt)} · {t('donateBytes', formatNumber(d.bytes))}
                  </div>
                </td>
                <td>
                  <span data-status-text>{t(`donateStatus_${d.status}`)}</span>
                  {d.status !== 'sent' && d.status !== 'withdrawn' && d.attempts > 0 && <div class="muted">{t('donateAttempts', d.attempts)}</div>}
                  {d.lastError && d.status !== 'sent' && d.status !== 'withdrawn' && <div class="muted">{d.lastError}</div>}
                  {d.withdrawnAt && <div class="muted">{formatDateTime(d.withdrawnAt)}</div>}
                </td>
                <td>
                  {d.receipt ? (
                    <dl class="donate-receipt" data-receipt>
                      <dt>{t('donateReceiptId')}</dt>
                      <dd data-receipt-id>{d.receipt.donationId}</dd>
                      <dt>{t('donateReceiptAt')}</dt>
                      <dd>{formatDateTime(Date.parse(d.receipt.receivedAt))}</dd>
                      <dt>SHA-256</dt>
                      <dd class="hash">{d.receipt.sha256}</dd>
                    </dl>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td class="row">
                  {d.status !== 'withdrawn' && (
                    <button
                      type="button"
                      class="danger"
                      onClick={() =>
                        act(async () => {
                          const r = await withdraw(outboxDeps(), d.id);
                          if (!r.ok) throw new Error(r.error);
                          return t('donateWithdrawn');
                        })
                      }
                      data-action="withdraw"
                    >
                      {t('donateWithdraw')}
                    </button>
                  )}
                  {d.status === 'failed' && (
                    <button
                      type="button"
                      onClick={() =>
                        act(async () => {
                          await retryDonation(db, d.id);
                          await processOutbox(outboxDeps(), d.id);
                        })
                      }
                      data-action="retry"
                    >
                      {t('donateRetry')}
                    </button>
                  )}
                  {d.status !== 'withdrawn' && (
                    <button
                      type="button"
                      onClick={() =>
                        downloadBlob(donationFileName(d.studyId, d.createdAt), new Blob([d.ciphertext as BlobPart], { type: 'application/octet-stream' }))
                      }
                      data-action="save-donation"
                    >
                      {t('donateSaveFile')}
                    </button>
                  )}
                  {(d.status === 'withdrawn' || d.status === 'failed') && (
                    <button
                      type="button"
                      onClick={() =>
                        act(async () => {
                          await forgetDonation(db, d.id);
                        })
                      }
                      data-action="forget"
                    >
                      {t('donateForget')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open.length > 0 && (
        <ConfirmButton
          label={t('donateWithdrawAll')}
          word={t('donateWithdrawWord')}
          prompt={t('donateWithdrawAllPrompt', t('donateWithdrawWord'))}
          onConfirm={() =>
            act(async () => {
              const r = await withdrawAll(outboxDeps());
              const bad = r.filter((x) => !x.ok);
              if (bad.length) throw new Error(bad.map((x) => (x.ok ? '' : x.error)).join('; '));
              return t('donateWithdrawnAll', r.length);
            })
          }
        />
      )}
      <p class="muted">{t('donateWithdrawNote')}</p>
    </section>
  );
}
