/**
 * What the Donate and Classroom views share, so a class contribution leaves exactly the way a donation does: the
 * joined studies with their receipts, the consent step, the review's build → send cycle and the outbox as a page runs it.
 * Privacy: origins are asked for inside the person's click and only for the one collector or study file named there.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { OUTBOX_ALARM, processOutbox, type OutboxDeps } from '../../../background/donation';
import { downloadBlob } from '../../../components/csv';
import { t } from '../../../components/i18n';
import type { BuiltDonation } from '../../../donation/payload';
import { StudyError, type ParsedStudy, type Study } from '../../../donation/study';
import { xhrFetch } from '../../../donation/upload';
import { type CoevoDB, getDb, MAIN_DB_NAME } from '../../../storage/db';
import { listDonations, type DonationRow, type StudyRow } from '../../../storage/donations';
import { donationFileName, donationPermissions, encryptDonation, joinStudy, originPattern, queueEncrypted } from './DonateFlow';

/** An error as the person reads it: a study file's problems, or the message. */
export const errText = (e: unknown) => (e instanceof StudyError ? e.problems.join(' · ') : String((e as Error)?.message ?? e));

export interface PageMessage {
  text: string;
  error?: boolean;
}

/**
 * The page's state around the joined studies: the list (`list` picks studies or classes), every donation with its
 * receipt (re-read each second while something is queued or sending: the background may be the one sending), the
 * study waiting for consent, the open one, and the message shown on top.
 */
export function useStudyPage(list: (db: CoevoDB) => Promise<StudyRow[]>, joinedText: (title: string) => string) {
  const db = getDb(MAIN_DB_NAME);
  const [studies, setStudies] = useState<StudyRow[] | null>(null);
  const [donations, setDonations] = useState<DonationRow[]>([]);
  const [pending, setPending] = useState<{ parsed: ParsedStudy; source: StudyRow['source'] } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [msg, setMsg] = useState<PageMessage | null>(null);

  const refresh = useCallback(async () => {
    const [s, d] = await Promise.all([list(db), listDonations(db)]);
    setStudies(s);
    setDonations(d);
  }, [db, list]);
  useEffect(() => void refresh().catch((e) => setMsg({ text: t('errorLoad', errText(e)), error: true })), [refresh]);
  const busy = donations.some((d) => d.status === 'queued' || d.status === 'sending');
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => void refresh(), 1_000);
    return () => clearInterval(id);
  }, [busy, refresh]);

  return {
    db,
    studies,
    donations,
    refresh,
    msg,
    setMsg,
    pending,
    /** The open study, or null for the list. */
    study: studies?.find((s) => s.id === active) ?? null,
    setActive,
    /** A study file was read: show its consent screen. */
    consider: (parsed: ParsedStudy, source: StudyRow['source']) => {
      setMsg(null);
      setPending({ parsed, source });
    },
    cancel: () => setPending(null),
    /** The person agreed: record consent with the file, and open the study. */
    agree: async () => {
      if (!pending) return;
      try {
        const row = await joinStudy(db, pending.parsed, pending.source);
        setPending(null);
        await refresh();
        setActive(row.id);
        setMsg({ text: joinedText(row.study.title) });
      } catch (e) {
        setMsg({ text: t('errorAction', errText(e)), error: true });
      }
    },
    /** The open study's form has finished (sent, queued or failed): back to the list unless it failed. */
    done: async (text: string, error?: boolean) => {
      setMsg({ text, error });
      await refresh();
      if (!error) setActive(null);
    },
  };
}

/**
 * Fetching a study (or class) file from the address the person typed, on the form's submit: `address` reads it (and
 * throws if it is not one), the file's origin is asked for inside the click, synchronously, for that one origin only;
 * any problem is shown under `invalidKey`.
 */
export function useFetchFile(invalidKey: string, onError: (text: string) => void) {
  const [busy, setBusy] = useState(false);
  const fetchFrom = (e: Event, address: () => string, shownAs: (url: string) => string, fetchFile: (url: string) => Promise<void>) => {
    e.preventDefault();
    let url: string;
    try {
      url = address();
    } catch (err) {
      onError(t(invalidKey, errText(err)));
      return;
    }
    const granted = browser.permissions.request({ origins: [originPattern(url)] });
    setBusy(true);
    void (async () => {
      try {
        if (!(await granted)) throw new Error(t('donatePermissionDenied', shownAs(url)));
        await fetchFile(url);
      } catch (err) {
        onError(t(invalidKey, errText(err)));
      } finally {
        setBusy(false);
      }
    })();
  };
  return { busy, fetchFrom };
}

/** The consent screen's body on the Donate (`donate`) or Classroom (`class`) page: the study file's facts, the consent text itself, a note, and agree / cancel. */
export function ConsentBody(props: {
  page: 'donate' | 'class';
  rows: [string, string][];
  consent: Study['consent'];
  onAgree: () => void;
  onCancel: () => void;
}) {
  const { consent } = props;
  return (
    <>
      <dl class="donate-study">
        {props.rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <h3>{t('donateConsentText', consent.version)}</h3>
      <div class="consent-text" data-consent-text>
        {consent.text}
      </div>
      <p class="muted">{t(`${props.page}ConsentNote`)}</p>
      <div class="row">
        <button type="button" class="primary" onClick={props.onAgree} data-action={props.page === 'donate' ? 'consent' : 'class-agree'}>
          {t(`${props.page}Agree`)}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </>
  );
}

/**
 * The top of the Donate (`donate`) or Classroom (`class`) page: title, introduction, a note when the dashboard shows
 * sample data, and the message (marked `data-donate-message` or `data-class-message`).
 */
export function PageTop({ page, sample, msg }: { page: 'donate' | 'class'; sample: boolean; msg: PageMessage | null }) {
  return (
    <>
      <h1 tabIndex={-1}>{t(`${page}Title`)}</h1>
      <p>{t(`${page}Intro`)}</p>
      {sample && <p class="card">{t(page === 'donate' ? 'donateSampleNote' : 'classSampleViewNote')}</p>}
      {msg && (
        <p class={msg.error ? 'error' : 'ok'} role={msg.error ? 'alert' : 'status'} {...{ [`data-${page}-message`]: true }}>
          {msg.text}
        </p>
      )}
    </>
  );
}

/** The top of a study's form: back to the list, what the page says there, and the last problem (marked `data-${page}-error`). */
export function FormTop(props: { page: 'donate' | 'class'; onBack: () => void; error: string | null; children?: ComponentChildren }) {
  return (
    <>
      <button type="button" onClick={props.onBack}>
        {t('back')}
      </button>
      {props.children}
      {props.error && (
        <p class="error" role="alert" {...{ [`data-${props.page}-error`]: true }}>
          {props.error}
        </p>
      )}
    </>
  );
}

/** The joined studies (or classes) as a card: "loading", the note that there are none (marked `noneAttr`), or one item each. */
export function StudyList(props: {
  studies: StudyRow[] | null;
  title: string;
  id: string;
  none: string;
  noneAttr: string;
  item: (s: StudyRow) => JSX.Element;
}) {
  const { studies } = props;
  if (!studies) return <p role="status">{t('loading')}</p>;
  if (!studies.length)
    return (
      <p class="muted" {...{ [props.noneAttr]: true }}>
        {props.none}
      </p>
    );
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul class="donate-studies">{studies.map(props.item)}</ul>
    </section>
  );
}

/** A donation under review: what `useReview` gives the form and the review. */
export type ReviewState = ReturnType<typeof useReview>;

type Phase = 'choose' | 'building' | 'review' | 'encrypting' | 'sending';

/**
 * A donation from choice to outbox: `make` builds the payload from the form's choices without the removed rows; the
 * review stays on screen while a removed or restored row rebuilds it.
 */
export function useReview(study: StudyRow, make: (removed: string[]) => Promise<BuiltDonation>) {
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [built, setBuilt] = useState<BuiltDonation | null>(null);
  const [phase, setPhase] = useState<Phase>('choose');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);

  const build = async (removedKeys: Set<string>, inReview = false) => {
    if (!inReview) setPhase('building');
    setError(null);
    try {
      setBuilt(await make([...removedKeys]));
      setPhase('review');
    } catch (e) {
      setError(errText(e));
      if (!inReview) setPhase('choose');
    }
  };
  return {
    built,
    phase,
    removed,
    progress,
    error,
    setError,
    /** The form was submitted: build from scratch, nothing removed. */
    review: (e: Event) => {
      e.preventDefault();
      setRemoved(new Set());
      void build(new Set());
    },
    toggle: (key: string) => {
      const next = new Set(removed);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      setRemoved(next);
      void build(next, true);
    },
    /** Back from the review to the choices. */
    change: () => setPhase('choose'),
    /** Sends the reviewed donation (call inside the click); a problem leaves the person on the review. */
    send: (terms: string[], onDone: (r: { text: string; error?: boolean }) => void) => {
      if (!built) return;
      setProgress(null);
      void sendReviewed(study, built, terms, setPhase, (sent, total) => setProgress({ sent, total })).then((r) => {
        if ('problem' in r) {
          setError(r.problem);
          setPhase('review');
        } else onDone(r);
      });
    },
    save: () => {
      if (!built) return;
      void saveEncrypted(study, built, setPhase).then((problem) => problem && setError(problem));
    },
  };
}

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

/**
 * Encrypts a reviewed donation on this device, puts it in the outbox and sends it.
 * Call it inside the person's click: the collector's origin is asked for there, synchronously, and for nothing else.
 * Resolves to the outcome to show, or to a problem that leaves the person on the review (nothing was queued).
 */
function sendReviewed(
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
async function saveEncrypted(study: StudyRow, built: BuiltDonation, setPhase: (p: 'encrypting' | 'review') => void): Promise<string | null> {
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
