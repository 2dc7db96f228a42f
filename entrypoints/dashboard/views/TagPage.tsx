/** One tag's evidence page (`#/tag/<id>`), reached from Events, the overview, the popup or a conversation. */
import { useEffect, useState } from 'preact/hooks';
import type { Tag } from '../../../model/tags';
import { EvidenceView } from '../../../components/EvidenceView';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';
import { href } from '../route';

export function TagPage({ ctx, id }: { ctx: Ctx; id: string }) {
  const [tag, setTag] = useState<Tag | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    ctx.db.tags.get(id).then(
      (x) => live && setTag(x ?? null),
      () => live && setTag(null),
    );
    return () => {
      live = false;
    };
  }, [ctx.db, id]);
  return (
    <>
      <h1 tabIndex={-1}>{t('evidenceTitle')}</h1>
      <p>
        <a href="#/events">{t('backToEvents')}</a>
        {tag && (
          <>
            {' · '}
            <a href={href.conversation(tag.conversationId)}>{t('openConversation')}</a>
          </>
        )}
      </p>
      {tag === undefined && <p role="status">{t('loading')}</p>}
      {tag === null && <p role="status">{t('tagMissing')}</p>}
      {tag && <EvidenceView db={ctx.db} tag={tag} onClose={() => history.back()} />}
    </>
  );
}
