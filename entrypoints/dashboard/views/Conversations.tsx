/** Conversations: search and read what is stored, with each message's tags shown beside it. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { shown, type Tag } from '../../../model/tags';
import { getSettings } from '../../../storage/settings';
import type { Conversation, ConversationWithMessages } from '../../../model/types';
import { loadConversation } from '../../../storage/queries';
import { EmptyState } from '../../../components/EmptyState';
import { MessageView } from '../../../components/EvidenceView';
import { formatDate, formatNumber } from '../../../components/format';
import { t, tn } from '../../../components/i18n';
import { siteName, TagCard } from '../../../components/TagCard';
import { useVerdicts } from '../../../components/Verdict';
import { tagsByMessage, type MessageTags } from '../conversation-tags';
import type { Ctx } from '../ctx';
import { href } from '../route';

const PAGE = 50;
/** Full-text search stops after this many matching conversations (it scans message text). */
const MAX_TEXT_HITS = 200;

export function Conversations({ ctx }: { ctx: Ctx }) {
  const [all, setAll] = useState<Conversation[] | null>(null);
  const [query, setQuery] = useState('');
  const [textHits, setTextHits] = useState<{ q: string; ids: Set<string>; capped: boolean } | null>(null);
  const [searching, setSearching] = useState(false);
  const [shown, setShown] = useState(PAGE);

  useEffect(() => {
    ctx.db.conversations.toArray().then((c) => setAll(c.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0))));
  }, [ctx.db]);

  const q = query.trim().toLowerCase();
  const list = useMemo(() => {
    if (!all) return [];
    if (!q) return all;
    return all.filter((c) => (c.title ?? '').toLowerCase().includes(q) || (textHits?.q === q && textHits.ids.has(c.id)));
  }, [all, q, textHits]);

  const searchText = async (e: Event) => {
    e.preventDefault();
    if (!q) return;
    setSearching(true);
    const ids = new Set<string>();
    let capped = false;
    // A scan over message text: explicit (on submit), bounded, and reported, since it reads every message.
    await ctx.db.messages
      .filter((m) => {
        if (ids.size >= MAX_TEXT_HITS) {
          capped = true;
          return false;
        }
        if (!ids.has(m.conversationId) && m.text.toLowerCase().includes(q)) ids.add(m.conversationId);
        return false;
      })
      .count();
    setTextHits({ q, ids, capped });
    setSearching(false);
    setShown(PAGE);
  };

  if (all === null)
    return (
      <>
        <h1 tabIndex={-1}>{t('navConversations')}</h1>
        <p role="status">{t('loading')}</p>
      </>
    );
  if (!all.length)
    return (
      <>
        <h1 tabIndex={-1}>{t('navConversations')}</h1>
        <EmptyState onSample={ctx.kind === 'main' ? ctx.startSample : undefined} />
      </>
    );
  return (
    <>
      <h1 tabIndex={-1}>{t('conversationsTitle')}</h1>
      <form class="card row" role="search" onSubmit={searchText}>
        <label for="conv-q">{t('searchLabel')}</label>
        <input id="conv-q" type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} data-search />
        <button type="submit" disabled={!q || searching}>
          {searching ? t('searching') : t('searchText')}
        </button>
      </form>
      <p role="status" class="muted">
        {t('conversationsCount', formatNumber(list.length), tn('nConversations', all.length))}
        {textHits?.capped && textHits.q === q && ` ${t('searchCapped', MAX_TEXT_HITS)}`}
      </p>
      <ul class="conv-list">
        {list.slice(0, shown).map((c) => (
          <li>
            <a href={href.conversation(c.id)}>{c.title || t('untitled')}</a>
            <span class="muted">
              {' '}
              · {siteName(c.site)} · {formatDate(c.updatedAt)}
              {c.source === 'import' ? ` · ${t('sourceImport')}` : c.source === 'sample' ? ` · ${t('sourceSample')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {shown < list.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('showMore', Math.min(PAGE, list.length - shown))}
        </button>
      )}
    </>
  );
}

export function ConversationPage({ ctx, id }: { ctx: Ctx; id: string }) {
  const [conv, setConv] = useState<ConversationWithMessages | null | undefined>(undefined);
  const [tags, setTags] = useState<Tag[]>([]);
  useEffect(() => {
    let live = true;
    Promise.all([loadConversation(ctx.db, id), ctx.db.tags.where('conversationId').equals(id).toArray(), getSettings(ctx.db)]).then(
      ([c, tg, settings]) => {
        if (!live) return;
        setConv(c ?? null);
        setTags(tg.filter((t) => shown(t, settings.minConfidence)));
      },
      () => live && setConv(null),
    );
    return () => {
      live = false;
    };
  }, [ctx.db, id]);

  // The person's "No" hides a tag here too, with a button to show those tags again.
  const verdicts = useVerdicts()?.verdicts;
  const [showDisputed, setShowDisputed] = useState(false);
  const disputedCount = tags.filter((x) => verdicts?.get(x.id) === 'no').length;
  const visible = showDisputed ? tags : tags.filter((x) => verdicts?.get(x.id) !== 'no');
  const byMessage = useMemo(() => (conv ? tagsByMessage(visible, conv) : new Map<string, MessageTags>()), [tags, conv, showDisputed, verdicts]);

  return (
    <>
      <h1 tabIndex={-1}>{conv?.title || t('untitled')}</h1>
      <p>
        <a href="#/conversations">{t('backToConversations')}</a>
      </p>
      {conv === undefined && <p role="status">{t('loading')}</p>}
      {conv === null && <p role="status">{t('conversationMissing')}</p>}
      {conv && (
        <>
          <p class="muted">
            {t('conversationMeta', siteName(conv.site), tn('nMessages', conv.messages.length), tn('nEvents', tags.length))} · {formatDate(conv.createdAt)}
          </p>
          {disputedCount > 0 && (
            <button type="button" onClick={() => setShowDisputed(!showDisputed)} aria-pressed={showDisputed} data-action="show-disputed">
              {showDisputed ? t('hideDisputed') : tn('showDisputed', disputedCount)}
            </button>
          )}
          <div class="thread">
            {conv.messages.map((m) => {
              const e = byMessage.get(m.id);
              return (
                <div class="msg-with-tags">
                  <MessageView m={m} evidence={!!e?.evidence} spans={e?.spans} />
                  {e?.cards.map((tag) => (
                    <TagCard tag={tag} compact href={href.tag(tag.id)} />
                  ))}
                </div>
              );
            })}
          </div>
        </>
      )}
    </>
  );
}
