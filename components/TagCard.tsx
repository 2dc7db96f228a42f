/**
 * One tag as a card: what happened, in which direction, where and when, a link to its evidence, and the person's
 * verdict on it ("Is this right?", components/Verdict.tsx).
 */
import type { Tag } from '../model/tags';
import { SITE_NAMES, type SiteId } from '../model/types';
import { formatDate } from './format';
import { t } from './i18n';
import { confidenceText, directionLabel, tagLabel } from './tagMeta';
import { VerdictControl } from './Verdict';

export function siteName(site: string | undefined): string {
  return site && site in SITE_NAMES ? SITE_NAMES[site as SiteId] : t('unknownSite');
}

export function TagCard({ tag, href, compact }: { tag: Tag; href?: string; compact?: boolean }) {
  const site = tag.site ?? tag.conversationId.slice(0, tag.conversationId.indexOf(':'));
  const body = (
    <>
      <span class="tag-head">
        <span class={`tag-type dir-${tag.direction === 'assistant→user' ? 'a2u' : 'u2a'}`}>{tagLabel(tag.type)}</span>
        <span class="tag-meta">
          {directionLabel(tag.direction)} · {siteName(site)} · {formatDate(tag.time)}
        </span>
      </span>
      <span class="tag-expl">{tag.explanation}</span>
      {!compact && <span class="tag-conf">{confidenceText(tag)}</span>}
    </>
  );
  // The link and the verdict buttons are siblings: interactive elements must not nest inside a link.
  return (
    <div class="tag-card" data-tag-id={tag.id}>
      {href ? (
        <a class="tag-link" href={href}>
          {body}
        </a>
      ) : (
        body
      )}
      <VerdictControl tag={tag} />
    </div>
  );
}
