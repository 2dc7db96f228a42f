/**
 * The evidence behind one tag: its plain-sentence explanation and the exchange it rests on, with the words
 * or sentences the analysis pointed at highlighted. A claim about a person is only shown with its proof.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Tag } from '../model/tags';
import type { ConversationWithMessages, Message } from '../model/types';
import type { CoevoDB } from '../storage/db';
import { loadConversation } from '../storage/queries';
import { formatDateTime } from './format';
import { spansOfTerm } from './highlight';
import { Highlighted } from './Highlighted';
import { t, tn } from './i18n';
import { confidenceText, directionLabel, tagHelp, tagLabel, tagTerm } from './tagMeta';
import { siteName } from './TagCard';
import { VerdictControl } from './Verdict';

/** How many messages of context to show around the evidence when the whole conversation is folded. */
const CONTEXT = 1;

export interface EvidenceMessage {
  message: Message;
  evidence: boolean;
  spans: [number, number][];
}

/** Which messages to show for a tag, and what to highlight in each. Pure, for tests. */
export function evidenceMessages(tag: Tag, conv: ConversationWithMessages, whole: boolean): EvidenceMessage[] {
  const msgs = conv.messages;
  const term = tagTerm(tag.data);
  const marks = new Map<number, [number, number][]>();
  for (const ref of tag.messages) {
    if (ref.conversationId && ref.conversationId !== conv.id) continue;
    // Index first (as analysed); the id guards against a conversation that changed since.
    const i = msgs[ref.index]?.id === ref.id ? ref.index : msgs.findIndex((m) => m.id === ref.id);
    if (i < 0) continue;
    const spans = ref.spans?.length ? ref.spans.map(([a, b]) => [a, b] as [number, number]) : term ? spansOfTerm(msgs[i]!.text, term) : [];
    marks.set(i, [...(marks.get(i) ?? []), ...spans]);
  }
  const show = new Set<number>();
  if (whole) msgs.forEach((_, i) => show.add(i));
  else for (const i of marks.keys()) for (let k = i - CONTEXT; k <= i + CONTEXT; k++) if (k >= 0 && k < msgs.length) show.add(k);
  return [...show].sort((a, b) => a - b).map((i) => ({ message: msgs[i]!, evidence: marks.has(i), spans: marks.get(i) ?? [] }));
}

export function MessageView({ m, evidence, spans }: { m: Message; evidence?: boolean; spans?: [number, number][] }) {
  return (
    <article class={`msg ${m.role}${evidence ? ' evidence' : ''}`} aria-label={m.role === 'user' ? t('roleUser') : t('roleAssistant')}>
      <header>
        <span class="role">{m.role === 'user' ? t('roleUser') : t('roleAssistant')}</span>
        <span class="when">{m.time !== null ? formatDateTime(m.time) : t('timeUnknown')}</span>
        {m.model && <span class="model">{m.model}</span>}
        {evidence && <span class="badge">{t('evidenceBadge')}</span>}
      </header>
      <p class="msg-text">
        <Highlighted text={m.text} spans={spans} />
      </p>
    </article>
  );
}

/** The conversations a tag cites besides its own (claims about a change over time cite several). */
export function otherConversations(tag: Tag): string[] {
  return [...new Set(tag.messages.map((r) => r.conversationId).filter((c): c is string => !!c && c !== tag.conversationId))];
}

/**
 * A cross-time tag's evidence as a timeline: every cited message with one message of context, across
 * conversations, in date order (what the person met, then what they wrote before and after). Pure, for tests.
 */
export function evidenceTimeline(tag: Tag, convs: ConversationWithMessages[]): (EvidenceMessage & { conversation: ConversationWithMessages })[] {
  const out: (EvidenceMessage & { conversation: ConversationWithMessages })[] = [];
  for (const conv of convs) {
    const own = { ...tag, messages: tag.messages.filter((r) => (r.conversationId ?? tag.conversationId) === conv.id) };
    if (own.messages.length) for (const e of evidenceMessages(own, conv, false)) out.push({ ...e, conversation: conv });
  }
  return out.sort((a, b) => (a.message.time ?? 0) - (b.message.time ?? 0) || a.message.index - b.message.index);
}

function Timeline({ db, tag }: { db: CoevoDB; tag: Tag }) {
  const [convs, setConvs] = useState<ConversationWithMessages[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    Promise.all([tag.conversationId, ...otherConversations(tag)].map((id) => loadConversation(db, id))).then(
      (cs) => live && setConvs(cs.filter((c): c is ConversationWithMessages => !!c)),
    );
    return () => {
      live = false;
    };
  }, [db, tag.id]);
  if (!convs) return <p role="status">{t('loading')}</p>;
  let last = '';
  return (
    <div class="thread timeline" data-timeline>
      {evidenceTimeline(tag, convs).map((e) => {
        const head = e.conversation.id !== last ? (e.conversation.title ? t('fromConversation', e.conversation.title) : t('fromUntitled')) : null;
        last = e.conversation.id;
        return (
          <>
            {head && <h3>{head}</h3>}
            <MessageView m={e.message} evidence={e.evidence} spans={e.spans} />
          </>
        );
      })}
    </div>
  );
}

export function EvidenceView({ db, tag, onClose }: { db: CoevoDB; tag: Tag; onClose?: () => void }) {
  const [conv, setConv] = useState<ConversationWithMessages | null | undefined>(undefined);
  const [whole, setWhole] = useState(false);
  useEffect(() => {
    let live = true;
    setConv(undefined);
    loadConversation(db, tag.conversationId).then((c) => live && setConv(c ?? null));
    return () => {
      live = false;
    };
  }, [db, tag.conversationId]);
  const crossTime = otherConversations(tag).length > 0;

  const site = tag.site ?? tag.conversationId.slice(0, tag.conversationId.indexOf(':'));
  return (
    <section class="card evidence-view" aria-labelledby="evidence-title" data-evidence={tag.id}>
      <h2 id="evidence-title" tabIndex={-1}>
        {tagLabel(tag.type)}
      </h2>
      <p class="tag-meta">
        {directionLabel(tag.direction)} · {siteName(site)} · {formatDateTime(tag.time)} · {confidenceText(tag)}
      </p>
      <p class="explanation">{tag.explanation}</p>
      <p class="help">{tagHelp(tag.type)}</p>
      <VerdictControl tag={tag} />
      {conv === undefined && <p role="status">{t('loading')}</p>}
      {conv === null && <p role="status">{t('evidenceMissing')}</p>}
      {conv && crossTime && <Timeline db={db} tag={tag} />}
      {conv && !crossTime && (
        <>
          <h3>{conv.title ? t('fromConversation', conv.title) : t('fromUntitled')}</h3>
          <div class="thread">
            {evidenceMessages(tag, conv, whole).map((e) => (
              <MessageView m={e.message} evidence={e.evidence} spans={e.spans} />
            ))}
          </div>
          <div class="row">
            <button type="button" onClick={() => setWhole(!whole)} aria-expanded={whole}>
              {whole ? t('showEvidenceOnly') : t('showWholeConversation', tn('nMessages', conv.messages.length))}
            </button>
            {onClose && (
              <button type="button" onClick={onClose}>
                {t('back')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
