/**
 * "Is this right? Yes / No / Not sure" on every tag: a tag is Coevo's claim about the person, and they are its best
 * judge. The answer is stored by tag id (storage/verdicts.ts); a "No" hides the tag by default everywhere tags are
 * listed (Events has a filter to see them). Three toggle buttons (aria-pressed), so mouse, keyboard (Tab, then
 * Enter or Space) and screen readers all work; pressing the chosen answer again withdraws it.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { Tag } from '../model/tags';
import type { CoevoDB } from '../storage/db';
import { loadVerdicts, setVerdict, type Verdict } from '../storage/verdicts';
import { t } from './i18n';

export interface VerdictStore {
  verdicts: ReadonlyMap<string, Verdict>;
  set(tag: Pick<Tag, 'id' | 'type' | 'conversationId'>, verdict: Verdict | null): void;
}

/** Provided by the dashboard and the popup; without it (plain component tests) tags show no verdict control. */
export const VerdictContext = createContext<VerdictStore | null>(null);

export const useVerdicts = () => useContext(VerdictContext);

/** Loads the verdicts of `db` and keeps them in memory; writes go to the store first, then to the screen. */
export function useVerdictStore(db: CoevoDB, onError?: (e: unknown) => void): VerdictStore & { loaded: boolean } {
  const [verdicts, setMap] = useState<ReadonlyMap<string, Verdict>>(new Map());
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    loadVerdicts(db).then(
      (m) => {
        if (!live) return;
        setMap(m);
        setLoaded(true);
      },
      (e) => {
        setLoaded(true);
        onError?.(e);
      },
    );
    return () => {
      live = false;
    };
  }, [db]);
  const set = useCallback(
    (tag: Pick<Tag, 'id' | 'type' | 'conversationId'>, verdict: Verdict | null) => {
      setVerdict(db, tag, verdict).then(
        () =>
          setMap((m) => {
            const next = new Map(m);
            if (verdict === null) next.delete(tag.id);
            else next.set(tag.id, verdict);
            return next;
          }),
        (e) => onError?.(e),
      );
    },
    [db],
  );
  return { verdicts, set, loaded };
}

const CHOICES: { v: Verdict; key: string }[] = [
  { v: 'yes', key: 'verdictYes' },
  { v: 'no', key: 'verdictNo' },
  { v: 'unsure', key: 'verdictUnsure' },
];

export function VerdictControl({ tag }: { tag: Pick<Tag, 'id' | 'type' | 'conversationId'> }) {
  const store = useVerdicts();
  if (!store) return null;
  const current = store.verdicts.get(tag.id);
  return (
    <fieldset class="verdict" data-verdict={current ?? 'unjudged'}>
      <legend>{t('verdictQuestion')}</legend>
      {CHOICES.map(({ v, key }) => (
        <button type="button" aria-pressed={current === v} onClick={() => store.set(tag, current === v ? null : v)} data-verdict-choice={v}>
          {t(key)}
        </button>
      ))}
      {current === 'no' && <span class="muted verdict-note">{t('verdictHiddenNote')}</span>}
    </fieldset>
  );
}
