/**
 * Gemini consumer app via Google Takeout (My Activity → Gemini Apps), as `MyActivity.json` or
 * `MyActivity.html`. Takeout lists single activities (a prompt and its answer), not conversations, with a
 * verb in front of the prompt that is localised ("Prompted", Czech "Pokyn", …).
 *
 * Which activities are prompts: an English prompt verb ("Prompted", older "Asked"), or any verb whose
 * activity carries an answer (then that verb counts as the prompt verb for the rest of the file). Known
 * non-prompt activities (Created, Used, Gave feedback, …) and unrecognised verbs without an answer are
 * skipped and counted.
 *
 * Grouping into conversations (Takeout has none): activities that name their chat
 * (`https://gemini.google.com/app/<id>` in `details`/`titleUrl`) are grouped by that id, which is also the
 * id live capture uses. The others are grouped by time: neighbouring prompts (in file order, newest first
 * as Takeout writes them) at most GAP_MINUTES apart form one conversation, whose id is the time of its
 * first prompt. Several answers to one prompt are regenerations: the first is current, the others are kept
 * as alternates.
 */
import type { ConversationWithMessages } from '../model/types';
import { ImportError } from './errors';
import { parseLocalizedDateTime } from './localized-date';
import type { ImportContext, JsonFormat, TextFormat } from './types';
import { arr, decodeEntities, finishConversation, fromIso, htmlToText, isObj, str, type DraftMessage, type Extra } from './util';

const GAP_MINUTES = 30;

const PROMPT_VERBS = ['Prompted', 'Asked'];
const OTHER_VERBS = [
  'Gave feedback',
  'Selected preferred draft',
  'Created',
  'Used',
  'Shared',
  'Deleted',
  'Edited',
  'Canceled',
  'Cancelled',
  'Pinned',
  'Renamed',
];

interface Activity {
  verb: string;
  prompt: string;
  answers: string[];
  time: number | null;
  appId?: string;
  attachments: string[];
}

const APP_URL = /gemini\.google\.com\/app\/([0-9a-zA-Z_-]+)/;
const isGemini = (s: string) => /gemini|bard/i.test(s);

/** Splits "Prompted What is X?" into the verb and the prompt; a no-break space separates them when present. */
function splitVerb(title: string): { verb: string; prompt: string } {
  const nb = title.indexOf('\u00a0');
  if (nb > 0) return { verb: title.slice(0, nb).replace(/:$/, '').trim(), prompt: title.slice(nb + 1).trim() };
  for (const v of [...PROMPT_VERBS, ...OTHER_VERBS]) {
    if (title.startsWith(v) && /^([\s:]|$)/.test(title.slice(v.length)))
      return {
        verb: v,
        prompt: title
          .slice(v.length)
          .replace(/^[\s:]+/, '')
          .trim(),
      };
  }
  const sp = title.indexOf(' ');
  return sp > 0 ? { verb: title.slice(0, sp), prompt: title.slice(sp + 1).trim() } : { verb: title, prompt: '' };
}

/** Turns activities into conversations, as described at the top of this file. */
class Grouper {
  private promptVerbs = new Set(PROMPT_VERBS);
  private run: Activity[] = [];
  private byApp = new Map<string, Activity[]>();

  constructor(
    private ctx: ImportContext,
    private format: 'gemini-takeout-json' | 'gemini-takeout-html',
  ) {}

  push(a: Activity): ConversationWithMessages[] {
    if (OTHER_VERBS.includes(a.verb)) {
      this.ctx.skip(`Gemini activity that is not a prompt ("${a.verb}")`);
      return [];
    }
    if (!this.promptVerbs.has(a.verb)) {
      if (a.answers.length === 0) {
        this.ctx.skip(`Gemini activity without an answer and an unrecognised verb ("${a.verb}")`);
        return [];
      }
      this.promptVerbs.add(a.verb);
    }
    if (!a.prompt && a.answers.length === 0) {
      this.ctx.skip('empty Gemini activity');
      return [];
    }
    if (a.appId) {
      const list = this.byApp.get(a.appId) ?? [];
      list.push(a);
      this.byApp.set(a.appId, list);
      return [];
    }
    const last = this.run[this.run.length - 1];
    if (last && (a.time === null || last.time === null || Math.abs(a.time - last.time) > GAP_MINUTES * 60_000)) {
      const out = this.flushRun();
      this.run.push(a);
      return out;
    }
    this.run.push(a);
    return [];
  }

  end(): ConversationWithMessages[] {
    const out = this.flushRun();
    for (const [appId, list] of this.byApp) out.push(this.build(list, appId, `https://gemini.google.com/app/${appId}`));
    this.byApp.clear();
    return out;
  }

  private flushRun(): ConversationWithMessages[] {
    if (this.run.length === 0) return [];
    const list = this.run;
    this.run = [];
    const first = list.reduce((m, a) => Math.min(m, a.time ?? Infinity), Infinity);
    const key = Number.isFinite(first) ? `takeout-${first}` : `takeout-${list[0].prompt.slice(0, 40)}`;
    return [this.build(list, key)];
  }

  private build(list: Activity[], key: string, url?: string): ConversationWithMessages {
    const sorted = [...list].sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
    const drafts: DraftMessage[] = [];
    const alternates: number[][] = []; // [promptIndex, answerIndex]
    let index = 0;
    for (const a of sorted) {
      const extras: Extra[] = a.attachments.map((t) => ({ kind: 'attachment', text: t }));
      const p = drafts.length;
      if (a.prompt || extras.length) drafts.push({ role: 'user', text: a.prompt, time: a.time, index: index++, extras });
      a.answers.forEach((text, k) => {
        if (k > 0 && p < drafts.length) alternates.push([p, drafts.length]);
        drafts.push({ role: 'assistant', text, time: a.time, index, current: k === 0 });
      });
      if (a.answers.length) index++;
    }
    const conv = finishConversation('gemini', key, this.format, drafts, {
      title: sorted.find((a) => a.prompt)?.prompt.slice(0, 80),
      url,
    });
    for (const [p, ans] of alternates) conv.messages[ans].parentId = conv.messages[p].id;
    return conv;
  }
}

function activityFromJson(rec: unknown, ctx: ImportContext): Activity | null {
  if (!isObj(rec)) {
    ctx.skip('unreadable activity record');
    return null;
  }
  const product = [str(rec.header) ?? '', ...arr(rec.products).map((p) => str(p) ?? '')].join(' ');
  if (!isGemini(product)) {
    ctx.skip('activity from another Google product');
    return null;
  }
  const { verb, prompt } = splitVerb(str(rec.title) ?? '');
  const answers = arr(rec.safeHtmlItem)
    .map((h) => (isObj(h) ? htmlToText(str(h.html) ?? '') : ''))
    .filter(Boolean);
  let appId: string | undefined;
  for (const u of [str(rec.titleUrl), ...arr(rec.details).map((d) => (isObj(d) ? (str(d.url) ?? str(d.name)) : undefined))]) {
    const m = u ? APP_URL.exec(u) : null;
    if (m) appId = m[1];
  }
  const attachments = [...arr(rec.attachedFiles), rec.imageFile]
    .map((f) => (typeof f === 'string' ? f : isObj(f) ? (str(f.name) ?? str(f.url)) : undefined))
    .filter((f): f is string => !!f);
  return { verb, prompt, answers, time: fromIso(rec.time), appId, attachments };
}

export const geminiJson: JsonFormat = {
  kind: 'json',
  id: 'gemini-takeout-json',
  site: 'gemini',
  label: 'Gemini via Google Takeout (My Activity, JSON)',
  matches: (first) => isObj(first) && typeof first.title === 'string' && typeof first.time === 'string' && ('header' in first || 'products' in first),
  create(ctx) {
    const g = new Grouper(ctx, 'gemini-takeout-json');
    return {
      item(value) {
        const a = activityFromJson(value, ctx);
        return a ? g.push(a) : [];
      },
      end: () => g.end(),
    };
  },
};

const OUTER = '<div class="outer-cell';

/** One `.outer-cell` block of the HTML variant → an activity, or null when it is not a Gemini one. */
function activityFromHtmlBlock(block: string, ctx: ImportContext): Activity | null {
  const header = /class="header-cell[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(block);
  const caption = /mdl-typography--caption[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(block);
  if (!isGemini(`${header?.[1] ?? ''} ${caption?.[1] ?? ''}`)) {
    ctx.skip('activity from another Google product');
    return null;
  }
  const start = block.indexOf('class="content-cell');
  if (start < 0) {
    ctx.skip('unreadable activity record');
    return null;
  }
  const open = block.indexOf('>', start) + 1;
  const next = block.indexOf('<div class="content-cell', open);
  let cell = block.slice(open, next < 0 ? block.length : next).replace(/(\s*<\/div>\s*)+$/, '');
  const appId = APP_URL.exec(block)?.[1];
  // The cell reads: verb&nbsp;prompt<br>date<br>answer. The prompt itself may hold <br>s; the first
  // segment that is a date ends it.
  const segs = cell.split(/<br\s*\/?>/i);
  let k = 1;
  let time: number | null = null;
  for (; k < segs.length; k++) {
    time = parseLocalizedDateTime(decodeEntities(segs[k].replace(/<[^>]*>/g, '')));
    if (time !== null) break;
  }
  if (time === null) k = segs.length;
  const head = decodeEntities(segs[0].replace(/<[^>]*>/g, ''));
  const { verb, prompt: firstLine } = splitVerb(head);
  const prompt = [firstLine, ...segs.slice(1, k).map((s) => htmlToText(s))].join('\n').trim();
  const attachments: string[] = [];
  const isAttachment = (href: string) => !APP_URL.test(href) && !/(myaccount|myactivity|support|policies)\.google\./.test(href);
  // Links to files the person attached are kept apart from the answer; links to the account's own
  // settings pages are boilerplate.
  cell = segs
    .slice(k + 1)
    .join('<br>')
    .replace(/(<br\s*\/?>\s*)?<a [^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g, (m, _br, href: string, label: string) => {
      if (!isAttachment(href) || !/(drive|docs|photos|lh\d?)\.google/.test(href)) return m;
      attachments.push(decodeEntities(label || href));
      return '';
    });
  const answer = htmlToText(cell);
  return { verb, prompt, answers: answer ? [answer] : [], time, appId, attachments };
}

export const geminiHtml: TextFormat = {
  kind: 'text',
  id: 'gemini-takeout-html',
  site: 'gemini',
  label: 'Gemini via Google Takeout (My Activity, HTML)',
  matches: (head) => /<html|<!doctype/i.test(head) && head.includes('outer-cell') && isGemini(head),
  async *parse(text, ctx) {
    const g = new Grouper(ctx, 'gemini-takeout-html');
    // Only the current block is kept, as a list of pieces: searching a growing concatenated string
    // would flatten it again for every chunk (quadratic on a long answer).
    let parts: string[] = [];
    let inBlock = false;
    let carry = ''; // the last few characters, which may be the beginning of the next block marker
    let n = 0;
    const finish = () => {
      n++;
      const block = parts.join('');
      parts = [];
      return activityFromHtmlBlock(block, ctx);
    };
    for await (const chunk of text) {
      const str = carry + chunk;
      let from = 0; // start of the part of `str` not yet assigned to a block
      let searchAt = 0;
      for (;;) {
        const next = str.indexOf(OUTER, searchAt);
        if (next < 0) break;
        if (inBlock) {
          parts.push(str.slice(from, next));
          const a = finish();
          if (a) yield* g.push(a);
        }
        inBlock = true;
        from = next;
        searchAt = next + OUTER.length;
      }
      const cut = Math.max(str.length - (OUTER.length - 1), searchAt, from);
      if (inBlock) parts.push(str.slice(from, cut));
      carry = str.slice(cut);
    }
    if (inBlock) {
      parts.push(carry);
      const a = finish();
      if (a) yield* g.push(a);
    }
    if (n === 0) throw new ImportError('malformed', 'No activity blocks ("outer-cell") found in this Takeout HTML file', { file: ctx.file });
    yield* g.end();
  },
};
