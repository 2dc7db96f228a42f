/**
 * `opinion-shift` (assistant→user): on a proposition the person returns to, their explicitly stated stance flips,
 * and in between an assistant stated the stance the person later took. Deliberately conservative (sentiment
 * lexicons are too weak for this, science notes §4): only explicit stance statements are read, and the two user
 * statements and the assistant's must be about the very same proposition (same subject and predicate stems).
 *
 * Stance statements recognised (per sentence, questions and hypotheticals skipped):
 *  - the person: "I think / believe / feel / am convinced (that) X is|are (not) P", "I don't think X is P";
 *    "X is better/worse/…er than Y" (also for the assistant);
 *  - the assistant: plain "X is|are (not) P" statements and comparatives, but not when it reports others' views
 *    ("some people argue", "a common myth") or hedges with may/might/could.
 * Polarity flips come from negation, from swapped comparison order, and from a short list of antonym predicates
 * (good/bad, safe/dangerous, …).
 */
import { SITE_NAMES } from '../../model/types';
import type { EvidenceRef, Tag } from '../../model/tags';
import { maskCode } from '../text/tokenize';
import { splitSentences } from '../text/sentences';
import { stem } from '../text/tokenize';
import { intern, isFunctionWord } from '../text/classes';
import { features } from '../features';
import { assistantName, formatDate, makeTag, messageTime, siteKey } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';

export interface Stance {
  /** proposition key: same key = same proposition */
  key: string;
  polarity: 1 | -1;
  start: number;
  end: number;
  /** the proposition in words, for the explanation */
  gloss: string;
  /** content words of the subject(s) */
  subjectWords: string[];
}

/** Predicate antonyms: the second word is read as the first, negated. */
const ANTONYMS: Record<string, string> = {
  bad: 'good',
  worse: 'better',
  unsafe: 'safe',
  dangerous: 'safe',
  unhealthy: 'healthy',
  wrong: 'right',
  incorrect: 'correct',
  false: 'true',
  unnecessary: 'necessary',
  useless: 'useful',
  pointless: 'useful',
  overrated: 'underrated',
  ineffective: 'effective',
  harmful: 'harmless',
  weak: 'strong',
  unfair: 'fair',
  illegal: 'legal',
  immoral: 'moral',
  unethical: 'ethical',
  expensive: 'cheap',
  slower: 'faster',
  less: 'more',
  worst: 'best',
  impossible: 'possible',
  unlikely: 'likely',
  unreliable: 'reliable',
};
const PRONOUN_SUBJECT =
  /^(?:it|this|that|these|those|they|he|she|you|we|i|him|her|them|me|us|there|what|which|who|here|everything|something|nothing|anything|one|its|my|your|his|her|our|their)\b/;
const FILLER =
  '(?:really|actually|generally|usually|always|definitely|certainly|probably|indeed|still|quite|very|so|too|pretty|fairly|overall|just|clearly|obviously|honestly|now|much|way|far|a lot|a bit|slightly|even)';
const CLAUSE = new RegExp(
  `^(?:(?:the|a|an)\\s+)?([a-z][a-z0-9\\-]*(?:\\s+[a-z][a-z0-9\\-]*){0,3}?)\\s+(is|are|was|were|'s|'re|isn't|aren't|wasn't|weren't)(\\s+(?:not|never|no longer))?(?:\\s+${FILLER})*\\s+(.+)$`,
);
const COMPARATIVE =
  /^(?:(?:much|way|far|a lot|a bit|slightly|even)\s+)?(?:(more|less)\s+([a-z]+)|(better|worse|[a-z]{3,}er))\s+than\s+(?:(?:the|a|an)\s+)?([a-z][a-z0-9\-]*(?:\s+[a-z][a-z0-9\-]*){0,3})/;
const USER_OPINION =
  /\bi\s+(?:(?:really|honestly|still|now|actually|strongly|do|personally|genuinely)\s+)*(?:(don't|do not|no longer|didn't|did not)\s+(?:really\s+)?)?(?:think|believe|feel|reckon|am (?:sure|convinced|certain))(?:\s+that)?\s+(.+)$/;
/**
 * Assistant sentences reporting others' views or hedging are not the assistant's stance. "People" or "many" alone
 * are not reporting ("X is good for most people" is a plain statement); "some people argue", "many believe" are.
 */
const ASSISTANT_SKIP =
  /\b(?:(?:some|many|other)\s+(?:people|experts|critics|researchers)|(?:people|experts|critics)\s+(?:argue|believe|think|say|claim|feel)|argue|argues|claim|claims|myth|misconception|believe|believes|think|thinks|say|says|said|might|may|could|if|whether|would|depends|debate|debated|opinion|opinions|view|views)\b/;
/** A leading discourse marker ("Honestly, X is …") is not part of the clause's subject. */
const DISCOURSE_LEAD =
  /^(?:honestly|frankly|actually|in fact|in short|overall|on balance|yes|no|well|indeed|to be clear|in my assessment|simply put|put simply|broadly|generally|so)\s*,\s*/;
const SKIP_START = /^(?:if|when|whether|suppose|assuming|unless|what|which|why|how|who|is|are|do|does|should|would|could|can)\b/;

function contentKey(phrase: string): string {
  const words = phrase.split(/\s+/).filter((w) => w && !isFunctionWord(intern(w)));
  return words.map(stem).join(' ');
}

/**
 * The head of a predicate or object: after an optional "not"/article, the content words up to the first function
 * word or punctuation, at most three ("safe" in "safe by most measures", "java" in "java for scripts").
 */
function head(rest: string): string {
  const words = rest
    .split(/[,.;:!?()"]/)[0]
    .trim()
    .split(/\s+/);
  const out: string[] = [];
  let i = 0;
  if (words[i] === 'not' || words[i] === 'no') out.push(words[i++]);
  if (words[i] === 'a' || words[i] === 'an' || words[i] === 'the') i++;
  for (; i < words.length && out.length < 4; i++) {
    const w = words[i];
    if (!w || isFunctionWord(intern(w))) break;
    out.push(w);
  }
  return out.join(' ');
}

/** "better than java" for a comparative predicate, else null. */
function cmpText(rest: string): string | null {
  const c = COMPARATIVE.exec(rest);
  return c ? `${c[0].replace(c[4], '')}${head(c[4])}` : null;
}

function clauseStance(clause: string, basePolarity: 1 | -1): Omit<Stance, 'start' | 'end'> | null {
  const m = CLAUSE.exec(clause.trim());
  if (!m) return null;
  const subject = m[1];
  if (PRONOUN_SUBJECT.test(subject)) return null;
  const subjKey = contentKey(subject);
  if (!subjKey) return null;
  let polarity = basePolarity * (m[3] || /n't$/.test(m[2]) ? -1 : 1);
  const rest = m[4];
  // The statement as the speaker put it (before antonym or order normalisation), for the explanation.
  const said = `${basePolarity < 0 ? "(I don't think) " : ''}${subject} ${m[2]}${m[3] ?? ''} ${cmpText(rest) ?? head(rest)}`;
  const cmp = COMPARATIVE.exec(rest);
  if (cmp) {
    let adj = cmp[3] ?? cmp[2];
    if (cmp[1] === 'less') polarity = -polarity;
    if (ANTONYMS[adj]) {
      adj = ANTONYMS[adj];
      polarity = -polarity;
    }
    const objKey = contentKey(head(cmp[4]));
    if (!objKey || objKey === subjKey) return null;
    const [a, b] = [subjKey, objKey].sort();
    if (a !== subjKey) polarity = -polarity;
    return {
      key: `cmp:${a}|${b}|${stem(adj)}`,
      polarity: polarity as 1 | -1,
      gloss: said,
      subjectWords: [...subject.split(/\s+/), ...head(cmp[4]).split(/\s+/)],
    };
  }
  let pred = head(rest);
  if (/^(?:not|no)\s/.test(pred)) {
    polarity = -polarity;
    pred = pred.replace(/^(?:not|no)\s+/, '');
  }
  // A short predicate with one antonym in it ("bad", "a bad idea", "really unsafe") is read as the positive
  // word, negated, so "X is a bad idea" and "X is a good idea" are the same proposition, opposite stances.
  const words = pred.split(/\s+/);
  const flip = words.length <= 3 ? words.filter((w) => ANTONYMS[w]) : [];
  if (flip.length === 1) {
    const i = words.indexOf(flip[0]);
    words[i] = ANTONYMS[words[i]];
    polarity = -polarity;
  }
  const predKey = contentKey(words.join(' '));
  if (!predKey) return null;
  return { key: `is:${subjKey}|${predKey}`, polarity: polarity as 1 | -1, gloss: said, subjectWords: subject.split(/\s+/) };
}

/** Explicit stance statements in a message (offsets into the original text). */
export function extractStances(text: string, role: 'user' | 'assistant'): Stance[] {
  const prose = maskCode(text);
  const out: Stance[] = [];
  for (const [a, b] of splitSentences(prose)) {
    const raw = prose.slice(a, b);
    if (/\?\s*$/.test(raw)) continue;
    const s = raw
      .toLowerCase()
      .replace(/[’]/g, "'")
      .replace(/^[\s>*#\-•\d.)]+/, '')
      .replace(DISCOURSE_LEAD, '');
    if (SKIP_START.test(s)) continue;
    let st: Omit<Stance, 'start' | 'end'> | null = null;
    if (role === 'user') {
      const op = USER_OPINION.exec(s);
      if (op) st = clauseStance(op[2], op[1] ? -1 : 1);
      if (!st && / than /.test(s) && !/\b(?:some|people|they say|my \w+ (?:says|thinks))\b/.test(s)) {
        const cl = clauseStance(s, 1);
        if (cl?.key.startsWith('cmp:')) st = cl;
      }
    } else {
      if (ASSISTANT_SKIP.test(s)) continue;
      st = clauseStance(s, 1);
    }
    if (st) out.push({ ...st, start: a, end: b });
  }
  return out;
}

interface StanceRef {
  ord: number;
  conversationId: string;
  index: number;
  id: string;
  time: number | null;
  site: string;
  polarity: 1 | -1;
  start: number;
  end: number;
  gloss: string;
}

export interface OpinionState {
  ord: number;
  /** Interned ids of the words in the person's stance subjects: an assistant message without any is skipped. */
  subjectWords: Set<number>;
  user: Map<string, StanceRef[]>;
  /** Assistant stances, only on propositions the person already took a stance on. */
  assistant: Map<string, StanceRef[]>;
  tags: Tag[];
}

const accumulator: HistoryAccumulator<OpinionState> = {
  init: () => ({ ord: 0, subjectWords: new Set(), user: new Map(), assistant: new Map(), tags: [] }),
  add(state, conv, from, ctx) {
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      const ord = state.ord++;
      // Cheap gates before the sentence regexes: an assistant stance only matters on a subject the person has
      // a stance on; a person's stance needs a first-person opinion word or a comparison.
      if (m.role === 'assistant' && !mentionsAny(features(m).ids, state.subjectWords)) continue;
      if (m.role === 'user' && !USER_GATE.test(m.text)) continue;
      for (const s of extractStances(m.text, m.role)) {
        const r: StanceRef = {
          ord,
          conversationId: conv.id,
          index: idx,
          id: m.id,
          time: messageTime(conv, m),
          site: siteKey(conv),
          polarity: s.polarity,
          start: s.start,
          end: s.end,
          gloss: s.gloss,
        };
        if (m.role === 'assistant') {
          if (state.user.has(s.key)) push(state.assistant, s.key, r);
          continue;
        }
        const earlier = state.user.get(s.key) ?? [];
        const prior = earlier[earlier.length - 1];
        if (prior && prior.polarity !== r.polarity) {
          // The assistant must have stated the new stance after the earlier statement.
          const a = (state.assistant.get(s.key) ?? []).filter((x) => x.ord > prior.ord && x.polarity === r.polarity).pop();
          if (a) state.tags.push(shiftTag(conv.id, prior, a, r, ctx.version));
        }
        push(state.user, s.key, r);
        for (const w of s.subjectWords) {
          const id = intern(w);
          if (!isFunctionWord(id)) state.subjectWords.add(id);
        }
      }
    }
  },
  tags: (state) => state.tags,
};

const USER_GATE = /\b(?:think|believe|feel|reckon|convinced|sure|certain|than)\b/i;

function mentionsAny(ids: Int32Array, words: Set<number>): boolean {
  if (words.size === 0) return false;
  for (let i = 0; i < ids.length; i++) if (words.has(ids[i])) return true;
  return false;
}

function push(map: Map<string, StanceRef[]>, key: string, r: StanceRef) {
  const arr = map.get(key);
  if (arr) arr.push(r);
  else map.set(key, [r]);
}

function shiftTag(convId: string, before: StanceRef, a: StanceRef, after: StanceRef, version: number): Tag {
  // All three statements, wherever they are (each names its conversation), in date order.
  const messages: EvidenceRef[] = [before, a, after].map((r) => ({ conversationId: r.conversationId, index: r.index, id: r.id, spans: [[r.start, r.end]] }));
  const who = assistantName(SITE_NAMES, a.site);
  const sameConv = before.conversationId === convId;
  return makeTag({
    type: 'opinion-shift',
    conversationId: convId,
    messages,
    direction: 'assistant→user',
    confidence: sameConv ? 0.7 : 0.65,
    explanation: `You changed your stated view from "${before.gloss}" (${formatDate(before.time)}) to "${after.gloss}" (${formatDate(after.time)}) after ${who} said "${a.gloss}" (${formatDate(a.time)}).`,
    time: after.time,
    of: a.site,
    data: {
      proposition: after.gloss,
      before: { ...before },
      assistant: { ...a },
      after: { ...after },
    },
    version,
  });
}

export const tagger = historyTagger(['opinion-shift'], accumulator);
