/**
 * Claude (claude.ai) adapter: reads the visible branch of a chat into plain messages. Extended-thinking and
 * tool/search panels and artifact cards are kept out of the text (as extras); the "2 / 3" counter of edited
 * prompts and regenerated replies becomes `variant`; `data-is-streaming` says whether a reply is finished.
 */
import type { ParsedMessage, ParsedPage } from '../types';
import { defineSiteAdapter } from '../define';
import { commonAncestor, docOf, firstMatch, hasMatch, outermostMatches, outermostMatchesWithin, variantIn } from '../query';
import { labelText, textOf } from '../text';

/**
 * Selectors, newest first. Fixtures: `fixtures/real-capture-2026-07.html` and
 * `fixtures/artifact-panel-2026-07.html` (real structure, invented text), `fixtures/legacy-codeblock-2025-08.html`
 * (real 2025-08 code block in a `.font-claude-message` reply) and `fixtures/thinking-variants.html` (synthetic).
 */
const SEL = {
  /**
   * The person's message (every source, 2025-08 to 2026-07); `.font-user-message` is the same element's
   * typography class (`!font-user-message` in the 2026-07 fixtures), kept as a fallback should the test id go.
   */
  user: ['[data-testid="user-message"]', '[class*="font-user-message"]'],
  /**
   * A reply: `.font-claude-response` since 2025-11 (its markdown child carries the same class, hence
   * outermost matches); `.font-claude-message` before (revivalstack captures 2025-08).
   */
  assistant: ['.font-claude-response', '.font-claude-message'],
  /** The reply's prose, when the reply holds other widgets (search results, artifact cards) too. */
  prose: ['.standard-markdown', '.progressive-markdown'],
  /**
   * Collapsible panels inside a reply: extended thinking, web search, tool calls. Toggle is
   * `button[class*="group/status"]`, body a grid animating `grid-template-rows` (public extractor, 2026-02);
   * thinking text sits in `.font-ui` inside it.
   */
  panel: ['[class*="grid-template-rows"]'],
  thinkingText: ['.font-ui'],
  /** Artifact card in the reply (`artifact-block-cell`, 2026-07 fixtures): title + "Code · JSX". */
  artifact: ['.artifact-block-cell'],
  /** Code block wrapper holding the language label and the `pre` (2025-08 capture: `group/copy`). */
  codeBlock: ['[class*="group/copy"]'],
  /** The streaming flag on the reply's wrapper ("true" while writing, "false" when done). */
  streaming: ['[data-is-streaming="true"]'],
  /** One turn (a user message or a reply with its action bar, where the variant counter sits). */
  turn: ['[data-test-render-count]', '[role="article"]'],
  /** An open artifact's side panel: rendered like a reply but outside every turn (2026-07). */
  sidePanel: ['[data-skill-file-viewer]'],
  /** The model picker shows the model chosen now, not per reply. */
  model: ['[data-testid="model-selector-dropdown"]'],
  title: ['[data-testid="chat-title-button"]', '[data-testid="chat-title-split"] button', '[data-testid="chat-title-split"]'],
  /** Turns live in a scroll area without a stable name; observe `main` or the turns' common parent. */
  root: ['main'],
} as const;

const HOSTS = ['claude.ai'];
/** `/chat/{uuid}` (chat-central urlParser.ts); projects and settings pages hold no conversation. */
const CONVERSATION_PATH = /^\/chat\/([0-9a-f-]{8,})\/?$/i;
const CHAT_PATH = /^\/(?:$|new\/?$|chat\/)/;

function assistantMessage(el: Element): ParsedMessage {
  const extras: NonNullable<ParsedMessage['extras']> = [];
  const panels = outermostMatches(el, SEL.panel);
  for (const p of panels) {
    const thinking = firstMatch(p, SEL.thinkingText);
    const text = textOf(thinking ?? p);
    if (text) extras.push({ kind: thinking ? 'thinking' : 'tool', text });
  }
  for (const a of outermostMatches(el, SEL.artifact)) {
    const t = textOf(a)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' — ');
    if (t) extras.push({ kind: 'attachment', text: t });
  }
  const drop = [...SEL.panel, ...SEL.artifact];
  const opts = { dropSelectors: drop, codeBlockSelectors: [...SEL.codeBlock] };
  // Prefer the prose blocks (the reply may also show search results as a list of cards); fall back to the
  // whole reply for markups without them. Thinking text renders markdown too: a prose block inside a
  // thinking container (`.font-ui` in the reply) is thinking even when the panel's own markup has changed.
  const outsidePanels = outermostMatches(el, SEL.prose).filter((p) => !panels.some((x) => x.contains(p)));
  const inThinking = (p: Element) => {
    const t = p.parentElement?.closest(SEL.thinkingText.join(','));
    return !!t && el.contains(t);
  };
  const prose = outsidePanels.filter((p) => !inThinking(p));
  if (!panels.length) {
    for (const p of outsidePanels.filter(inThinking)) {
      const text = textOf(p);
      if (text) extras.push({ kind: 'thinking', text });
    }
  }
  const chosen = prose.length ? prose : outsidePanels;
  const text = chosen.length
    ? chosen
        .map((p) => textOf(p, opts))
        .filter(Boolean)
        .join('\n\n')
    : textOf(el, opts);
  const m: ParsedMessage = { role: 'assistant', text };
  if (extras.length) m.extras = extras;
  return m;
}

function parse(root: ParentNode, url: URL): ParsedPage {
  const messages: ParsedMessage[] = [];
  const turnSel = SEL.turn.join(',');
  const hasTurns = hasMatch(root, SEL.turn);
  for (const el of outermostMatchesWithin(root, [...SEL.user, ...SEL.assistant])) {
    // Artifact panels render markdown with the reply's classes; only what sits in a turn is the dialogue.
    if (el.closest(SEL.sidePanel.join(',')) || (hasTurns && !el.closest(turnSel))) continue;
    const isUser = el.matches(SEL.user.join(','));
    const m = isUser ? { role: 'user' as const, text: textOf(el) } : assistantMessage(el);
    if (!m.text) continue;
    const turn = el.closest(turnSel);
    const variant = turn ? variantIn(turn, [el]) : undefined;
    if (variant) m.variant = variant;
    if (!isUser && el.closest(SEL.streaming.join(','))) m.streaming = true;
    messages.push(m);
  }
  const doc = docOf(root);
  const page: ParsedPage = {
    siteConversationId: adapter.conversationIdFromUrl(url),
    messages,
    streaming: messages.some((m) => m.streaming === true) || hasMatch(root, SEL.streaming),
  };
  const title = doc ? labelText(firstMatch(doc, SEL.title)) : '';
  if (title) page.title = title;
  const model = doc ? labelText(firstMatch(doc, SEL.model)) : '';
  if (model) page.model = model;
  return page;
}

export const adapter = defineSiteAdapter({
  id: 'claude',
  hosts: HOSTS,
  sampleUrls: ['https://claude.ai/chat/c4ff4c4f-9878-46c3-a007-e7197548b7a0', 'https://claude.ai/new'],
  chatPath: CHAT_PATH,
  conversationPath: CONVERSATION_PATH,
  root: (doc) => firstMatch(doc, SEL.root) ?? commonAncestor(outermostMatches(doc, SEL.turn)),
  parse,
});
