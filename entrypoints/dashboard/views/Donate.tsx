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
import { useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { processOutbox, retryDonation, withdraw, withdrawAll } from '../../../background/donation';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { downloadBlob } from '../../../components/csv';
import { formatDate, formatDateTime, formatNumber } from '../../../components/format';
import { t } from '../../../components/i18n';
import type { BuiltDonation, ReviewRow } from '../../../donation/payload';
import { normalizeTerms, type RedactionSpan } from '../../../donation/redact';
import { parseStudy, type Level, type ParsedStudy } from '../../../donation/study';
import { REDACTION_KINDS } from '../../../model/donation';
import { SITE_NAMES, type SiteId } from '../../../model/types';
import { getDb, MAIN_DB_NAME } from '../../../storage/db';
import { forgetDonation, getTerms, leaveStudy, listStudies, type DonationRow, type StudyRow } from '../../../storage/donations';
import { getSettings } from '../../../storage/settings';
import type { Ctx } from '../App';
import { donationFileName, fetchStudy, prepareDonation, studyFileUrl } from './DonateFlow';
import {
  ConsentBody,
  errText,
  FormTop,
  outboxDeps,
  type ReviewState,
  PageTop,
  type PageMessage,
  StudyList,
  useFetchFile,
  useReview,
  useStudyPage,
} from './DonateShared';
import './Donate.css';

const REVIEW_PAGE = 200;

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

const joinedText = (title: string) => t('donateJoined', title);

export function Donate({ ctx }: { ctx: Ctx }) {
  const page = useStudyPage(listStudies, joinedText);
  const { db, studies, donations, refresh, msg, setMsg, pending, study } = page;

  return (
    <>
      <PageTop page="donate" sample={ctx.kind === 'sample'} msg={msg} />
      {pending ? (
        <Consent parsed={pending.parsed} source={pending.source} onCancel={page.cancel} onAgree={page.agree} />
      ) : study ? (
        <DonateForm study={study} onBack={() => page.setActive(null)} onDone={page.done} />
      ) : (
        <>
          <Studies
            studies={studies}
            onPick={page.setActive}
            onLeave={async (id) => {
              await leaveStudy(db, id);
              await refresh();
            }}
          />
          <Join onParsed={page.consider} onError={(text) => setMsg({ text, error: true })} />
        </>
      )}
      <MyDonations donations={donations} refresh={refresh} setMsg={setMsg} />
    </>
  );
}

function Studies({ studies, onPick, onLeave }: { studies: StudyRow[] | null; onPick: (id: string) => void; onLeave: (id: string) => void }) {
  return (
    <StudyList
      studies={studies}
      title={t('donateStudies')}
      id="studies-h"
      none={t('donateNoStudy')}
      noneAttr="data-no-study"
      item={(s) => (
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
      )}
    />
  );
}

function Join({ onParsed, onError }: { onParsed: (p: ParsedStudy, source: StudyRow['source']) => void; onError: (text: string) => void }) {
  const [url, setUrl] = useState('');
  const { busy, fetchFrom } = useFetchFile('donateStudyInvalid', onError);
  const fromFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      onParsed(await parseStudy(new Uint8Array(await file.arrayBuffer())), { kind: 'file', name: file.name });
    } catch (e) {
      onError(t('donateStudyInvalid', errText(e)));
    }
  };
  // Asked inside the click: the one origin the person typed, and only now.
  const fromUrl = (e: Event) =>
    fetchFrom(
      e,
      () => studyFileUrl(url),
      (target) => new URL(target).origin,
      async (target) => onParsed(await fetchStudy(target), { kind: 'url', url: target }),
    );
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
      <ConsentBody page="donate" rows={rows} consent={s.consent} onAgree={onAgree} onCancel={onCancel} />
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
  const [minConfidence, setMinConfidence] = useState(0.7);

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

  const review = useReview(study, (removed) =>
    prepareDonation(
      db,
      study,
      {
        level,
        selection: { sites, from: fromMs, to: toMs, conversationIds: picked ? matching.filter((c) => picked.has(c.id)).map((c) => c.id) : null },
        terms,
        removed,
        minConfidence,
      },
      browser.runtime.getManifest().version,
    ),
  );
  const { built, phase, error, setError } = review;

  useEffect(() => {
    void (async () => {
      const [rows, terms, settings] = await Promise.all([db.conversations.toArray(), getTerms(db), getSettings(db)]);
      setConvs(
        rows.map((c) => ({ id: c.id, site: c.site, title: c.title, start: c.createdAt ?? c.updatedAt })).sort((a, b) => (a.start ?? 0) - (b.start ?? 0)),
      );
      setTermsText(terms.join('\n'));
      setMinConfidence(settings.minConfidence);
    })().catch((e) => setError(errText(e)));
  }, [db, setError]);

  if (!convs) return <p role="status">{t('loading')}</p>;
  return (
    <section class="card" aria-labelledby="donate-h" data-donate-form>
      <h2 id="donate-h">{t('donateTo', study.study.title)}</h2>
      <FormTop page="donate" onBack={onBack} error={error} />
      {phase === 'choose' || phase === 'building' ? (
        <form class="donate-choose" onSubmit={review.review}>
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
        <Review review={review} built={built} study={study} terms={terms} onSend={() => review.send(terms, (r) => onDone(r.text, r.error))} />
      ) : null}
    </section>
  );
}

export function Review(props: {
  /** The review's state and actions (from `useReview`); `built` is its payload. */
  review: ReviewState;
  built: BuiltDonation;
  study: StudyRow;
  terms: string[];
  onSend: () => void;
  /** How a figure row's series is named (the Classroom names them in words); default: the series as sent. */
  figureLabel?: (series: string) => string;
}) {
  const { built, study, terms } = props;
  const { phase, progress } = props.review;
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
        <button type="button" onClick={props.review.change} disabled={working}>
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
            <RowView r={r} toggle={props.review.toggle} disabled={working} figureLabel={props.figureLabel} />
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
        <button type="button" onClick={props.review.save} disabled={working} data-action="save-file">
          {t('donateSaveFile')}
        </button>
      </div>
      {phase === 'sending' && progress && (
        <p role="status" data-upload-progress data-sent={progress.sent} data-total={progress.total}>
          <progress value={progress.sent} max={progress.total || 1} /> {t('donateProgress', formatNumber(progress.sent), formatNumber(progress.total))}
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

function MyDonations({ donations, refresh, setMsg }: { donations: DonationRow[]; refresh: () => Promise<void>; setMsg: (m: PageMessage) => void }) {
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
