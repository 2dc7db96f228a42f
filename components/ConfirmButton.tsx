/**
 * A destructive action behind a confirmation the person must type, so it cannot happen by a stray click
 * or key press. Used for "delete all data".
 */
import { useState } from 'preact/hooks';
import { t } from './i18n';

export function ConfirmButton({ label, word, prompt, onConfirm }: { label: string; word: string; prompt: string; onConfirm: () => Promise<void> | void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="danger" onClick={() => setOpen(true)} data-action="delete-all">
        {label}
      </button>
    );
  const ok = typed.trim().toLowerCase() === word.toLowerCase();
  return (
    <form
      class="confirm"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ok || busy) return;
        setBusy(true);
        try {
          await onConfirm();
        } finally {
          setBusy(false);
          setOpen(false);
          setTyped('');
        }
      }}
    >
      <label>
        {prompt}
        <input value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} autoFocus autocomplete="off" data-confirm-input />
      </label>
      <div class="row">
        <button type="submit" class="danger" disabled={!ok || busy} data-action="confirm-delete">
          {t('deleteConfirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
