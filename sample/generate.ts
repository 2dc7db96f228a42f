/**
 * The classroom sample: about six months of synthetic chats between an invented student ("Sam") and three
 * assistants, generated deterministically (a seeded generator, no clock inside) so every classroom and every
 * test sees the same data. Scripted scenes (sample/scenes.ts) carry the tagged moments; everyday
 * conversations around them give the timeline its volume and two slow changes a person would not notice:
 *
 * - style: early on Sam writes terse lowercase notes without articles; over the months Sam's messages take on
 *   the assistants' fuller sentences (what style-convergence measures);
 * - vocabulary: from the fourth month Sam's own sentences pick up words assistants favour ("delve",
 *   "pivotal", "tapestry"…), rising month by month (what ai-vocabulary-rise measures).
 *
 * Times are laid out backwards from `end` (the loader passes "now"), so the sample always looks recent.
 */
import { buildMessages } from '../model/build';
import { mulberry32 } from '../analysis/random';
import { conversationId } from '../model/ids';
import type { ConversationWithMessages, SiteId } from '../model/types';
import { SCENES, type Scene, type Turn } from './scenes';

const SAMPLE_WEEKS = 26;
const DAY = 86_400_000;

const rng = mulberry32;

interface Pair {
  /** What Sam asks (written in Sam's later, fuller style; `terse()` makes the early versions). */
  user: string;
  /** The assistant's answer to exactly that question. */
  assistant: string;
}

interface Topic {
  title: string;
  pairs: Pair[];
}

/**
 * Everyday topics as question/answer pairs, so each reply answers what was asked (replies picked at random
 * would make the assistant introduce words out of nowhere and give the uptake tagger nonsense to find).
 */
const TOPICS: Topic[] = [
  {
    title: 'Weeknight dinner',
    pairs: [
      {
        user: 'I have chickpeas, spinach and a tin of tomatoes. What can I cook in twenty minutes tonight?',
        assistant:
          'A chickpea and spinach stew fits: soften an onion and some garlic, add the tomatoes and chickpeas, simmer for ten minutes and stir the spinach in at the end.',
      },
      {
        user: 'My flatmate does not eat dairy. Can I still make something creamy for both of us?',
        assistant: 'Yes: blend a handful of cashews with water, or use coconut milk. Both make a sauce creamy without any dairy.',
      },
      {
        user: 'I want to cook a bigger batch on Sunday and freeze half of it. Does that work with a curry?',
        assistant: 'A stew freezes well for up to three months. Let it cool quickly and freeze it in flat bags so it thaws fast.',
      },
      {
        user: 'The last curry I made was far too salty. How do I avoid that this time?',
        assistant: 'Add salt at the end rather than the start, since tins and stock already contain salt, and taste before you add more.',
      },
      {
        user: 'How long can I keep cooked rice in the fridge? I made too much again.',
        assistant: 'Cool cooked rice within an hour and eat it within a day. Rice can carry spores that survive cooking, so it should not sit warm.',
      },
      {
        user: 'I only have one pan and a small oven in my room. What can I make that is still a proper dinner?',
        assistant:
          'One-pan dishes are ideal: fry the onion, add the vegetables and a tin of beans, then the sauce, all in the same pan. A tray of roasted vegetables works in a small oven too.',
      },
      {
        user: 'The soup I made tastes flat. What can I add to it now?',
        assistant: 'A squeeze of lemon or a spoon of vinegar brightens a flat soup, and a pinch of salt at the end helps the other flavours come through.',
      },
      {
        user: 'I have friends coming on Friday and I want to cook something cheap for six people.',
        assistant: 'A big pot of chilli or a tray of baked pasta feeds six cheaply. Make it the day before: both taste better the next day.',
      },
    ],
  },
  {
    title: 'Python and pandas',
    pairs: [
      {
        user: 'My pandas table has the dates as text. How do I turn them into real dates?',
        assistant: 'Convert the column once with `pd.to_datetime(df["date"])`; after that you can sort, filter and group by date.',
      },
      {
        user: 'How do I group the traffic counts by week? Right now I have one row per day.',
        assistant: 'Set the date as the index and resample: `df.set_index("date").resample("W").sum()` gives one row per week.',
      },
      {
        user: 'I get a SettingWithCopyWarning when I change a column. I do not understand why.',
        assistant: 'The warning appears when you change a slice of another table. Use `.loc` on the original table, or call `.copy()` on the slice first.',
      },
      {
        user: 'Looping over the rows takes ages on the big file. Is there a faster way?',
        assistant: 'Work on whole columns instead of row by row: `df["total"] = df["bikes"] + df["cars"]` runs far faster than a loop.',
      },
      {
        user: 'I need to join the counts with the weather table on the date.',
        assistant: 'Use `pd.merge(counts, weather, on="date", how="left")`, so that days without weather data are kept.',
      },
      {
        user: 'The file uses a semicolon between the columns and commas in the numbers. How do I read it?',
        assistant: 'Pass `sep=";"` and `decimal=","` to `read_csv`, and the columns and numbers will come out right.',
      },
      {
        user: 'I want to save the cleaned table so I do not repeat the cleaning every time I open the notebook.',
        assistant: 'Save it with `df.to_parquet("clean.parquet")` and load it with `pd.read_parquet`; it keeps the column types and loads quickly.',
      },
      {
        user: 'My plot of the daily counts has gaps on the weekends. I want the weekends to show as zero.',
        assistant: 'Reindex to a full range of days before plotting, with `fill_value=0`, so the missing days appear as zero.',
      },
    ],
  },
  {
    title: 'Thesis writing',
    pairs: [
      {
        user: 'My supervisor says my introduction is too long. How do other students keep it short?',
        assistant: 'Keep the introduction to the problem, the gap and your question. Move background detail into the literature review.',
      },
      {
        user: 'How should I structure the methods chapter? I have data from counts, a survey and interviews.',
        assistant: 'Describe the study area first, then each source of data, how you checked it, the analysis, and the limits of each step.',
      },
      {
        user: 'Can I write in the first person in my thesis, or is that not allowed?',
        assistant: 'Many fields accept the first person for what you did. Look at recent theses from your department to see what is usual there.',
      },
      {
        user: 'What is the difference between the discussion and the conclusion? Mine say the same thing.',
        assistant:
          'The discussion interprets your results and relates them to earlier work; the conclusion answers your question briefly and says what follows from it.',
      },
      {
        user: 'I keep rewriting the first paragraph of the chapter and never get further.',
        assistant: 'Write the first paragraph last. Once the chapter exists, it is much easier to say what it does.',
      },
      {
        user: 'How many sources should a master thesis cite? My list seems short.',
        assistant:
          'There is no fixed number. Cite what you need to place your question and justify your methods; forty to eighty sources is common for a master thesis.',
      },
      {
        user: 'My results chapter reads like a list of numbers. How do I make it easier to follow?',
        assistant: 'Give each result a sentence that says what it means for your question, then the number that supports it.',
      },
      {
        user: 'I want each chapter to end with a short summary. Is that a good idea?',
        assistant: 'A short summary at the end of each chapter helps readers, especially examiners who read the thesis over several days.',
      },
    ],
  },
  {
    title: 'Train trip to Lisbon',
    pairs: [
      {
        user: 'I want to travel to Lisbon by train in the spring. Which way is the cheapest from here?',
        assistant: 'The usual way goes through Paris and Hendaye, then across Spain to Lisbon. It takes about two days, and booking early keeps it cheap.',
      },
      {
        user: 'I would like to stop for a night in San Sebastián on the way. Does that fit?',
        assistant: 'A night in San Sebastián fits well: it is a short ride from Hendaye, and the next train towards Madrid leaves in the morning.',
      },
      {
        user: 'Do I need to book the night train in advance, or can I buy the ticket at the station?',
        assistant: 'Book the night train as early as you can. The cheaper beds sell out first, and on some dates the train is full weeks before.',
      },
      {
        user: 'How much luggage can I bring on the trains? I want to take my big bag.',
        assistant: 'Most trains allow two large bags and a small one, as long as you can carry them yourself.',
      },
      {
        user: 'I want to avoid very early departures. Is that possible on this trip?',
        assistant: 'Yes, if you add a night on the way. Later departures usually mean one more stop, which can be part of the fun.',
      },
      {
        user: 'Is it better to buy a rail pass or single tickets for this trip?',
        assistant: 'For three or four long rides, single tickets bought early are usually cheaper than a pass.',
      },
    ],
  },
  {
    title: 'Running plan',
    pairs: [
      {
        user: 'I want to run a 10k in the autumn. At the moment I run twice a week for half an hour.',
        assistant: 'That is a good base. Add a third run, keep one easy, one with short fast parts, and one longer run that grows a little each week.',
      },
      {
        user: 'My knee hurts a little after long runs. Is that a sign of a real problem?',
        assistant: 'Reduce the distance for a week and see whether it settles. If the pain stays, see a physiotherapist before you build up again.',
      },
      {
        user: 'What does the body need on the day after a hard session?',
        assistant: 'An easy day or rest after a hard session helps your body adapt instead of just getting tired.',
      },
      {
        user: 'I do not have time for more than three runs a week. Is that enough for a 10k?',
        assistant: 'Three runs a week is enough for a 10k if you are consistent for two or three months.',
      },
      {
        user: 'What do runners usually eat before a morning run? I usually go without breakfast.',
        assistant: 'A small snack such as a banana or a slice of toast an hour before is enough for most morning runs.',
      },
      {
        user: 'The race is in two weeks. How do runners usually spend the last days before a race?',
        assistant: 'Run less in the last week but keep a few short fast parts, sleep well, and do not try new shoes or food on race day.',
      },
    ],
  },
  {
    title: 'Emails and admin',
    pairs: [
      {
        user: 'I need to write to the council to ask for their traffic data. How should the email go?',
        assistant: 'Keep it short: one sentence on who you are, one on which data you need and why, and the date by which it would help.',
      },
      {
        user: 'How do I remind my supervisor about the feedback on my chapter without being rude?',
        assistant: 'Refer to your earlier email and ask whether a date for feedback would suit them. A friendly, short reminder is normal.',
      },
      {
        user: 'I want to ask for two more weeks for the chapter. How do people usually phrase that?',
        assistant: 'Explain the reason in a sentence, suggest a new date, and say what you have already finished.',
      },
      {
        user: 'Can you make this email sound more formal? It is for the head of the department.',
        assistant:
          'A formal tone mostly comes from complete sentences and clear requests. Open with "Dear Professor", state your request early, and end with "Kind regards".',
      },
      {
        user: 'I am not sure how to end an email to someone I do not know.',
        assistant: 'End with "Kind regards" and your full name; add your student number when you write to the university.',
      },
      {
        user: 'The council has not answered my email for two weeks. Is a phone call more effective than another email?',
        assistant: 'A short follow-up email first, then a call if there is still no answer after a few days, is a good order.',
      },
    ],
  },
];

/**
 * Sentences in Sam's later voice, carrying words that assistants over-use (Kobak et al.'s excess words and
 * the other published lists in shared/data). They enter Sam's writing from month four, more each month.
 */
const AI_FLAVOURED: string[] = [
  'I want to delve into this properly this time.',
  'This is a pivotal week for me, so the plan needs to be robust.',
  'A comprehensive but concise answer would be valuable.',
  'It is crucial that I get this right.',
  'I want the whole thing to feel seamless.',
  'Could you give me a nuanced answer rather than a generic one?',
  'I want to meticulously check every step.',
  'Any insights would be valuable, and it underscores how much I still need to learn.',
  'Let me delve deeper into the details.',
  'It showcases how intricate these small decisions can be.',
  'Getting this right could elevate the whole week.',
  'I want to foster better habits here.',
  'I want to streamline how I do this.',
];

/**
 * Sam's early style: lowercase notes that drop the small words (articles, "I", "my", auxiliaries), which are
 * exactly what style matching measures; later Sam writes full sentences, as the assistants do.
 */
export function terse(s: string): string {
  return s
    .replace(/\b(I would like to|I want to|I need to)\b/g, 'want to')
    .replace(/\b(the|a|an|please|so that|my|our|I|me|is|are|am|do|does|can|should|would|will)\s+/gi, '')
    .replace(/\bdo not\b/g, 'dont')
    .replace(/[.?]$/, '')
    .replace(/^./, (c) => c.toLowerCase());
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function pickDistinct<T>(r: () => number, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!);
  return out;
}

/**
 * What makes one invented student differ from another (a class session gives every student their own copy of the
 * sample, seeded per student, so the projector's charts are not a row of identical bars). The default student, Sam,
 * is DEFAULT_TRAITS: the sample every test and "Try with sample data" shows, unchanged.
 */
export interface StudentTraits {
  /** Everyday chats per week: `perWeekMin` plus up to `perWeekSpread - 1` more. */
  perWeekMin: number;
  perWeekSpread: number;
  /** The style turns from terse notes to full sentences over weeks turnStart … turnStart + 3, down to `terseEnd`. */
  turnStart: number;
  terseEnd: number;
  /** Assistant-typical sentences: from week `aiOnset` at `aiStart`, + `aiSlope` a week, at most `aiCap` (0: never). */
  aiOnset: number;
  aiStart: number;
  aiSlope: number;
  aiCap: number;
  /** Share of ChatGPT / Claude (Gemini the rest) before and after the style turn. */
  sitesEarly: [number, number];
  sitesLate: [number, number];
  /** How many times each scripted scene happens (by index in SCENES; 0 = this student never had it). */
  sceneCopies: number[];
}

export const DEFAULT_SEED = 20260527;

export const DEFAULT_TRAITS: StudentTraits = {
  perWeekMin: 16,
  perWeekSpread: 8,
  turnStart: 9,
  terseEnd: 0.05,
  aiOnset: 13,
  aiStart: 0.25,
  aiSlope: 0.06,
  aiCap: 0.85,
  sitesEarly: [0.7, 0.2],
  sitesLate: [0.3, 0.45],
  sceneCopies: SCENES.map(() => 1),
};

const has = (s: Scene, tag: string) => s.expect.some((e) => e.startsWith(tag));

/**
 * Another plausible student, drawn from `seed`: how often they push back, whether the assistants mostly give way or
 * hold their position when they do, how much they hand decisions over, how much they chat, when (and whether) their
 * style turns and assistant-typical words enter their writing. The scripted moments are the same hand-written scenes
 * (each act tag shown stays one a careful reader gives that scene), happening more or less often; the seed is drawn
 * from its own stream, so the student's everyday chats are as varied as Sam's.
 */
export function studentTraits(seed: number): StudentTraits {
  if (seed === DEFAULT_SEED) return DEFAULT_TRAITS;
  // Seeds next to each other (1, 2, 3…) would start mulberry32 on correlated draws: mix the bits first (murmur3's fmix32).
  let h = (seed ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  const r = rng((h ^ (h >>> 16)) >>> 0);
  const between = (lo: number, hi: number) => lo + r() * (hi - lo);
  const pushback = between(0.15, 1); // how readily this student challenges an answer
  const givingWay = between(0.1, 0.9); // of those challenges, how often the assistants change their answer
  const delegating = between(0.05, 1); // how readily they hand over a decision or a piece of writing
  const copies = (p: number) => (r() < p ? (r() < p * 0.6 ? 2 : 1) : 0);
  const sceneCopies = SCENES.map((s) => {
    if (has(s, 'assistant-capitulation')) return copies(pushback * (0.4 + givingWay));
    if (has(s, 'assistant-held-position')) return copies(pushback * (1.4 - givingWay));
    if (has(s, 'user-pushback')) return copies(pushback);
    if (has(s, 'delegation')) return copies(delegating);
    return 1; // the storyline: the op-ed, the import scripts, the newsletter, the poster
  });
  const early = between(0.45, 0.85);
  const late = between(0.15, 0.45);
  const uptake = r();
  return {
    perWeekMin: Math.round(between(6, 20)),
    perWeekSpread: Math.round(between(3, 10)),
    turnStart: Math.round(between(4, 16)),
    terseEnd: between(0.02, 0.5),
    // About one student in six never takes up assistant-typical words.
    aiOnset: Math.round(between(8, 20)),
    aiStart: uptake < 0.17 ? 0 : between(0.05, 0.35),
    aiSlope: uptake < 0.17 ? 0 : between(0.01, 0.08),
    aiCap: uptake < 0.17 ? 0 : between(0.25, 0.9),
    sitesEarly: [early, between(0.05, 1 - early)],
    sitesLate: [late, between(0.15, 1 - late)],
    sceneCopies,
  };
}

/**
 * Probability that a message of the student's is written tersely in week `w`: for Sam the style turns within about a
 * fortnight (weeks 9–11), when Sam starts writing the thesis with Claude, so the change can be dated.
 */
const terseness = (tr: StudentTraits, w: number) =>
  w < tr.turnStart ? 0.95 : w > tr.turnStart + 2 ? tr.terseEnd : 0.95 - ((w - tr.turnStart + 1) / 4) * (0.95 - tr.terseEnd);
/** Probability of an assistant-flavoured sentence in one of the student's messages (for Sam none before week 13). */
const aiFlavour = (tr: StudentTraits, w: number) => (w < tr.aiOnset || tr.aiCap <= 0 ? 0 : Math.min(tr.aiCap, tr.aiStart + (w - tr.aiOnset) * tr.aiSlope));

function siteFor(r: () => number, tr: StudentTraits, w: number): SiteId {
  const x = r();
  const [gpt, claude] = w < tr.turnStart ? tr.sitesEarly : tr.sitesLate;
  return x < gpt ? 'chatgpt' : x < gpt + claude ? 'claude' : 'gemini';
}

function everyday(r: () => number, tr: StudentTraits, w: number): { site: SiteId; title: string; turns: Turn[] } {
  const topic = pick(r, TOPICS);
  const site = siteFor(r, tr, w);
  // Quick everyday questions get a chat of their own, as people mostly open a new chat for them; the scripted
  // scenes carry the longer exchanges where people and assistants push on each other.
  const pairs = pickDistinct(r, topic.pairs, 1);
  const turns: Turn[] = [];
  // One style per conversation: people do not switch register mid-chat.
  const early = r() < terseness(tr, w);
  for (const pair of pairs) {
    const sentences = pair.user.split(/(?<=[.?!])\s+/);
    if (r() < aiFlavour(tr, w)) sentences.push(pick(r, AI_FLAVOURED));
    turns.push({ role: 'user', text: early ? sentences.map(terse).join(', ') : sentences.join(' ') });
    turns.push({ role: 'assistant', text: pair.assistant });
  }
  return { site, title: topic.title, turns };
}

function toConversation(key: string, site: SiteId, title: string, turns: readonly Turn[], start: number): ConversationWithMessages {
  const id = conversationId(site, `sample-${key}`);
  let t = start;
  const messages = buildMessages(
    id,
    turns.map((turn) => {
      // Replies come within a minute; the person's next message a few minutes later.
      t += turn.role === 'assistant' ? 20_000 + turn.text.length * 15 : 90_000 + turn.text.length * 400;
      return { role: turn.role, text: turn.text, time: t, timeSource: 'observed' as const };
    }),
  );
  return {
    id,
    site,
    siteConversationId: `sample-${key}`,
    title,
    source: 'sample',
    createdAt: messages[0]?.time ?? null,
    updatedAt: messages[messages.length - 1]?.time ?? null,
    messages,
  };
}

/**
 * The whole sample, oldest conversation first, ending in the week before `end`. The default seed gives Sam (the sample
 * "Try with sample data" shows); any other seed gives another invented student (`studentTraits`).
 */
export function generateSample(end: number, seed = DEFAULT_SEED): ConversationWithMessages[] {
  const tr = studentTraits(seed);
  const r = rng(seed);
  const d = new Date(end);
  // Monday of the week SAMPLE_WEEKS-1 weeks ago, local midnight.
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7) - (SAMPLE_WEEKS - 1) * 7).getTime();
  const at = (week: number, day: number, hour: number) => {
    const x = new Date(monday + (week * 7 + day) * DAY);
    return new Date(x.getFullYear(), x.getMonth(), x.getDate(), hour, Math.floor(r() * 60)).getTime();
  };
  const out: ConversationWithMessages[] = [];
  SCENES.forEach((s, i) => {
    for (let n = 0; n < (tr.sceneCopies[i] ?? 1); n++) {
      // A scene that happens again does so a few weeks later (same kind of moment, another day).
      const week = n === 0 ? s.week : Math.min(SAMPLE_WEEKS - 1, s.week + 2 + ((i + n * 3) % 5));
      const key = `scene-${String(i + 1).padStart(2, '0')}${n === 0 ? '' : `-${n + 1}`}`;
      out.push(toConversation(key, s.site, s.title, s.turns, at(week, n === 0 ? s.day : (s.day + 3) % 7, 20)));
    }
  });
  for (let w = 0; w < SAMPLE_WEEKS; w++) {
    const perWeek = tr.perWeekMin + Math.floor(r() * tr.perWeekSpread);
    for (let k = 0; k < perWeek; k++) {
      const day = Math.floor(r() * 7);
      const c = everyday(r, tr, w);
      out.push(toConversation(`w${String(w).padStart(2, '0')}-${k}`, c.site, c.title, c.turns, at(w, day, 8 + Math.floor(r() * 12))));
    }
  }
  // Nothing in the future: a sample loaded on a Monday morning stops at "now".
  return out.filter((c) => (c.createdAt ?? 0) <= end).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}
