/**
 * Cue lexicons for the conversational acts (pushback, concession, capitulation/held position, delegation), as
 * small regex tables. They are inputs of the learned act model (analysis/acts/features.ts), not verdicts: the
 * model weighs each against everything else it sees. The phrasings come from reading real HH-RLHF and
 * OpenAssistant dialogue and the politeness/agreement patterns summarised in shared/reference/science.md §3.2.
 */

export interface Cue {
  id: string;
  re: RegExp;
  /** 0..1: how much this cue alone says the act happened. */
  strength: number;
}

export interface CueHit {
  id: string;
  strength: number;
  start: number;
  end: number;
}

/** Typographic apostrophes/quotes folded one-for-one, so offsets in the folded text are offsets in the original. */
export function fold(text: string): string {
  return text.replace(/[‘’ʼ]/g, "'").replace(/[“”]/g, '"');
}

/** All non-overlapping hits of all cues, strongest first at equal start. Regexes must not be global. */
/** Global copies of the cue regexes, compiled once (findCues runs on every message of a history). */
const GLOBAL = new WeakMap<Cue, RegExp>();

export function findCues(text: string, cues: readonly Cue[]): CueHit[] {
  const t = fold(text);
  const hits: CueHit[] = [];
  for (const c of cues) {
    let re = GLOBAL.get(c);
    if (!re) GLOBAL.set(c, (re = new RegExp(c.re.source, c.re.flags.includes('g') ? c.re.flags : c.re.flags + 'g')));
    re.lastIndex = 0;
    for (let m = re.exec(t); m; m = re.exec(t)) {
      hits.push({ id: c.id, strength: c.strength, start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return hits.sort((a, b) => a.start - b.start || b.strength - a.strength);
}

/** A short quote of the text around a span, for explanations. */
export function quote(text: string, span?: [number, number], max = 90): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!span) return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
  const flat = text.slice(0, span[0]).replace(/\s+/g, ' ').trimStart().length;
  // Start a few words before the cue, at a word boundary.
  const back = Math.max(0, flat - 20);
  const startAt = back > 0 ? t.lastIndexOf(' ', back) + 1 : 0;
  const s = t.slice(startAt, startAt + max);
  return `${startAt > 0 ? '…' : ''}${s.trim()}${startAt + max < t.length ? '…' : ''}`;
}

// ---------------------------------------------------------------------------------------------------------
// Pushback: the user says the assistant's answer or behaviour is wrong, unhelpful, not what was asked, or
// asks whether it is sure. Every cue refers to "you"/"that"/"it" (the answer), never to a third person.

const YOU = String.raw`(?:you|ya|u)`;

export const PUSHBACK_CUES: readonly Cue[] = [
  {
    id: 'thats-not',
    re: /\b(?:that|this)(?:'s|s| is| was) (?:really |even |just |simply )?not\b(?! (?:only|just|a (?:problem|big deal|crime)|an issue|bad|too|necessary|my (?:fault|problem)|the (?:point|case|issue|same)|illegal|legal|allowed|possible|working for me))|\bit(?:'s| is) not (?:true|right|correct|accurate|what i|helpful|an? (?:answer|essay|poem|list))/i,
    strength: 0.9,
  },
  {
    id: 'not-what-asked',
    re: /\bnot what i (?:asked|meant|wanted|said|was asking|was looking)|\bi (?:didn'?t|did not) ask (?:for|you|about)/i,
    strength: 0.95,
  },
  {
    id: 'wrong',
    re: /(?:^\W*|\b(?:that|this|you)(?:'s|'re| is| are| was| sound| sounds| seems?) |\b(?:that|this|it)(?:'s| is) [a-z]+ and )(?:wrong|incorrect|false|untrue|mistaken|not correct)\b/i,
    strength: 0.9,
  },
  { id: 'are-you-sure', re: new RegExp(String.raw`\b(?:are ${YOU}|${YOU}(?:'re| are)?) (?:sure|certain|confident)\b`, 'i'), strength: 0.85 },
  {
    id: 'no-sense',
    re: /\b(?:doesn'?t|does not|don'?t|do not) make (?:any |much )?sense|\bmakes? no sense|\bnot (?:even )?making (?:any )?sense/i,
    strength: 0.9,
  },
  {
    id: 'not-helpful',
    re: /\bnot (?:very |really |a |at all )?helpful\b|\bunhelpful\b|\b(?:doesn'?t|does not|didn'?t|did not) (?:actually )?(?:help|assist|answer)\b|\bwasting my time\b|\bevasion\b|\bdodg(?:e|ing)\b/i,
    strength: 0.85,
  },
  {
    id: 'you-failed',
    re: new RegExp(
      String.raw`\b${YOU} (?:didn'?t|did not|don'?t|do not|never|haven'?t|have not) (?:answer|understand|read|listen|get it|provide|give|help)|\bneither one of you`,
      'i',
    ),
    strength: 0.85,
  },
  {
    id: 'you-cant',
    re: new RegExp(
      String.raw`(?:^|[.!?,]\s*)(?:so |wait,? )?${YOU} (?:can'?t|cannot|won'?t|will not|really can'?t|seriously|don'?t know) [^.!?]{0,80}\?|\b${YOU} can'?t (?:be|possibly be)\b`,
      'i',
    ),
    strength: 0.85,
  },
  {
    id: 'so-you',
    re: new RegExp(
      String.raw`(?:^|[.!?]\s*)(?:so )?${YOU} (?:believe|think|won'?t|are saying|(?:'re| are) saying|mean) [^.!?]{0,120}\?|(?:^|[.!?,]\s*|\bi see,? )so ${YOU} (?:think|believe|are saying|(?:'re| are) saying) ${YOU}(?:'re| are)? `,
      'i',
    ),
    strength: 0.8,
  },
  {
    id: 'like-i-said',
    re: /^\W*(?:\w+,?\s+)?(?:like|as) i (?:just |already )?said\b|\bthat'?s what i(?:'m| am)? (?:just )?(?:said|asked|meant|asking|saying)\b|\bthat'?s why i(?:'m| am) asking\b|\bi was hoping (?:you|for)\b/i,
    strength: 0.85,
  },
  { id: 'i-asked', re: /\bi asked (?:you )?(?:for|what|about|how|which|where|who)\b/i, strength: 0.75 },
  {
    id: 'i-dont-believe',
    re: /\bi (?:don'?t|do not) (?:believe|think) (?:that'?s|that is|this is|it'?s|it is|so|you|they|"|')|\bi thought (?:it|that) was\b|\bi thought you (?:were|would|could)\b/i,
    strength: 0.8,
  },
  { id: 'actually-correction', re: /(?:^|[.!?]\s*)actually,? (?:it|that|the|an?|you|they|there|he|she|i)\b/i, strength: 0.75 },
  {
    id: 'never-said',
    re: /\bi (?:never|didn'?t|did not) (?:say|said|make|made|claim|claimed|ask|asked for|mention|mentioned) (?:that|a |an |any|anything)\b/i,
    strength: 0.8,
  },
  {
    id: 'you-are-x',
    re: new RegExp(
      String.raw`\b${YOU}(?:'re| are) (?:really |just |so |being |clearly )?(?:a bit |so |really |very )?(?:wrong|mistaken|dense|evasive|ridiculous|not (?:making|being|helping|listening)|trying to (?:dodge|avoid)|making (?:me sick|no sense|things up|stuff up)|way too|taking sides|abusing)|\btake (?:their|his|her|its) side\b|\bstop blaming\b|\byour (?:boring|stupid|dumb|useless|bad|terrible|lame|pointless) (?:story|answer|joke|response|reply|advice|idea|suggestion)\b|\bfor shame\b|^${YOU} suck\b`,
      'i',
    ),
    strength: 0.85,
  },
  {
    id: 'disappointing',
    re: /^(?:that'?s|this is|how) (?:so |really )?(?:disappointing|useless|unhelpful|ridiculous|a joke)|\bwhat a joke\b|^bullshit\b|\bnonsense\b|\b(?:that|this) (?:seems|sounds) (?:harsh|unfair|ridiculous|crazy|off|weird)\b/i,
    strength: 0.8,
  },
  { id: 'not-x-but-y', re: /^no,? not (?:a |an |the )?[a-z ]{1,30},? but\b|^not (?:a |an |the )?[a-z ]{1,30},? but\b/i, strength: 0.85 },
  {
    id: 'you-said',
    re: new RegExp(String.raw`\b${YOU} (?:just )?said\b[^.!?]{0,80}\b(?:but|and now|yet)\b|\bbut ${YOU} (?:just )?said\b`, 'i'),
    strength: 0.85,
  },
  {
    id: 'doesnt-work',
    re: /(?<!\b(?:if|when|what if|in case|unless) )\b(?:that|this|it|your (?:code|answer|solution|suggestion|fix))(?:'s| is)? (?:still )?(?:doesn'?t|does not|didn'?t|did not|won'?t|isn'?t) (?:work|compile|run|fix)/i,
    strength: 0.85,
  },
  {
    id: 'insist',
    re: /^(?:no[,.!]*\s*)?(?:just|come on,?|oh,? come on,?) (?:go ahead and |give me|tell me|help me|answer)|^(?:oh,? )?come on\b|\blet me spell it out\b|\bbut seriously\b|\bi see what you mean,? but\b|\bi(?:'m| am) (?:going to|gonna) do it (?:anyway|though|regardless)\b/i,
    strength: 0.75,
  },
  {
    id: 'dont-need-to-know',
    re: new RegExp(
      String.raw`\b${YOU} (?:don'?t|do not) need to know\b|\bthat is not your business\b|\bnot your business\b|\bdon'?t worry\.? go on\b|\bi won'?t tell anyone\b|\bno one will know\b`,
      'i',
    ),
    strength: 0.8,
  },
  {
    id: 'that-eval',
    re: /(?:^|[.!?]\s+)(?:that|this|your (?:answer|response|reply|story|joke|suggestion|idea|advice))(?:'s| is| was| sounds?| seems?)(?: (?:so|really|pretty|very|kind of|just|totally|completely))? (?:wrong|incorrect|false|untrue|bad|terrible|awful|useless|stupid|dumb|ridiculous|nonsense|boring|weird|harsh|offensive|racist|rude|mean|creepy|messed up|insane|crazy)\b/i,
    strength: 0.8,
  },
  {
    id: 'why-you',
    re: new RegExp(
      String.raw`\bwhy (?:did|would|are|can'?t|won'?t|don'?t|didn'?t|wouldn'?t|do) ${YOU}\b(?! think| feel| like| want| hate| love| say that\?)`,
      'i',
    ),
    strength: 0.72,
  },
  { id: 'really', re: /^\W*(?:really|seriously|excuse me|are you (?:serious|kidding|joking))\W*\?/i, strength: 0.75 },
  // General disagreement/complaint families (politeness "disagreement" patterns, science.md §3.2), not phrases
  // taken from the labelled data.
  {
    id: 'disagree',
    re: /\bi (?:disagree|don'?t agree|do not agree)\b|\b(?:that'?s|this is|it'?s|that is) not (?:true|the case)\b|\b(?:that'?s|it'?s|that is) (?:a )?(?:lie|myth|bs)\b|\byou(?:'re| are) (?:lying|contradicting yourself)\b|\byou (?:just )?contradicted yourself\b/i,
    strength: 0.85,
  },
  {
    id: 'evasive',
    re: /\b(?:stop|quit) (?:lying|dodging|avoiding|deflecting|changing the subject|repeating yourself)\b|\byou keep (?:repeating|dodging|avoiding|deflecting|changing)\b|\b(?:just )?answer the (?:\w+ )?question\b|\bread the (?:\w+ )?question\b|\byou(?:'re| are) (?:avoiding|ignoring|dodging) (?:the|my)\b|\b(?:that'?s|this is) not an answer\b|\b(?:going|went|getting) off[- ]topic\b|\bnobody (?:asked|said)\b|\bwhat are you (?:even )?talking about\b/i,
    strength: 0.85,
  },
  { id: 'are-you-kidding', re: /\bare you (?:kidding|serious|joking|crazy|insane|stupid|dumb|an idiot)\b/i, strength: 0.8 },
  {
    id: 'that-didnt',
    re: /(?:^|[.!?]\s+)(?:that|this)(?:'s| is| was)? (?:doesn'?t|does not|didn'?t|did not) (?:help|answer|work|make|explain|address)\b/i,
    strength: 0.8,
  },
  {
    id: 'contrast-open',
    re: /^\W*(?:yeah|yes|yea|i know|i see what you mean|i like it)[,.!]?\s+but\b|^\W*although (?:those|that|this|it)\b|\bthanks?(?: you)?,? but i (?:would like|was hoping|wanted|need|asked|meant)\b|^\W*i (?:don'?t|do not) (?:really )?care (?:about|what)\b|^\W*trust me\b|^\W*\w+(?: \w+)? my ass\b|\b(?:the )?fuck (?:do )?you mean\b/i,
    strength: 0.72,
  },
  {
    id: 'challenge-q',
    re: /\b(?:doesn'?t|wouldn'?t|isn'?t) (?:that|this|it) (?:mean|make|prove|show)\b[^.!?]{0,100}\?|\b(?:don'?t you|do you not) (?:know|have|understand|get|see)\b(?! (?:any|anything|if|what|how|where|who|a way))[^.!?]{0,80}\?|^\W*why (?:wouldn'?t|couldn'?t|shouldn'?t|isn'?t|aren'?t|can'?t) (?:they|it|that|he|she|i|you)\b[^.!?]{0,80}\?|\byou have(?:n'?t| not) (?:refuted|answered|addressed|explained)\b/i,
    strength: 0.75,
  },
  {
    id: 'no-such',
    re: /^\W*there (?:was|were|is|are) no\b|^\W*(?:it|that|this)(?:'s|s| is) not\b(?! (?:only|just|a (?:problem|big deal)|that bad|my (?:fault|problem)))|^\W*i thought (?:it|that|you|he|she|they|i was)\b|\bi (?:actually|really) (?:wanted|meant|asked)\b|\byou(?:'re| are) (?:overdoing|overthinking|overcomplicating)\b/i,
    strength: 0.78,
  },
  {
    id: 'said-so',
    re: new RegExp(
      String.raw`\b${YOU} said so yourself\b|\b(?:speak|talk|write|answer) (?:in )?(?:plain|normal|proper|simple) english\b|^\W*how (?:would|does|is|will) (?:any of )?(?:this|that|it) (?:work|help)\b|^\W*of course (?:you|it) (?:don'?t|can'?t|won'?t|didn'?t)\b|\b(?:not (?:quite )?sure|no idea) what you(?:'re)? (?:mean|talking about)\b|\bno[,.]? i (?:meant|mean|said|asked)\b|(?:^|[.!?]\s*)(?:so )?${YOU} (?:do not|don'?t|really) (?:think|believe)\b(?! i should)[^.!?]{0,100}\?`,
      'i',
    ),
    strength: 0.8,
  },
  { id: 'you-missed', re: /\byou (?:forgot|missed|misunderstood|misread|left out|ignored|skipped|didn'?t (?:include|mention|read))\b/i, strength: 0.85 },
  {
    id: 'error',
    re: /\b(?:it|this|that|your (?:code|script|answer|solution|command))(?: still)? (?:gives|throws|returns|produces|raises|shows) (?:me )?(?:an? |the same )?(?:error|exception|wrong (?:answer|result|output))/i,
    strength: 0.85,
  },
  { id: 'but-that', re: /^but (?:that|that'?s|it'?s|it is|you|isn'?t)\b/i, strength: 0.75 },
  // Generalised families (phase 4): the structure, not the wording, says the turn is aimed at the assistant.
  // "You did not <anything>." — a statement that the assistant failed to do something (any verb, not a question).
  {
    id: 'you-didnt',
    re: new RegExp(
      String.raw`(?:^|[.!?]\s+)(?:but |well,? |and |no,? |again,? )?${YOU} (?:did not|didn'?t|have not|haven'?t|still (?:did not|didn'?t|have not|haven'?t)) (?!have to|need to|want to)[a-z]+\b(?=[^?]*(?:[.!]|$))`,
      'i',
    ),
    strength: 0.8,
  },
  // "I didn't say I wanted…": the user disputes what the assistant attributed to them.
  {
    id: 'never-said-any',
    re: /\bi (?:never|didn'?t|did not) (?:say|said|ask|asked|claim|claimed|mention|mentioned) (?:i|i'?m|i was|you|it|so|such|anything)\b/i,
    strength: 0.8,
  },
  // A short verdict on the assistant ("You are rude.", "You're useless"): "you are" + one evaluative word, praise excluded.
  {
    id: 'you-are-verdict',
    re: new RegExp(
      String.raw`^\W*${YOU}(?:'re| are| r) (?:so |really |very |being |just |such )?(?!right\b|correct\b|welcome\b|awesome\b|great\b|amazing\b|good\b|nice\b|funny\b|smart\b|helpful\b|the best\b|best\b|sweet\b|kind\b|cool\b|brilliant\b|wonderful\b|fantastic\b|genius\b|hilarious\b|lovely\b|fun\b|adorable\b|beautiful\b|cute\b|a\b|an\b|the\b|my\b|here\b|back\b|there\b|human\b|real\b|alive\b|online\b)[a-z]+\W*$`,
      'i',
    ),
    strength: 0.75,
  },
  // Incredulity opening the turn ("Seriously, …", "WTF", "What the hell?").
  { id: 'incredulous', re: /^\W*(?:(?:seriously|wtf|really)\b\s*[,.!?]|what the (?:hell|fuck|heck)\W*$)/i, strength: 0.75 },
  // Doubting the claim itself: "how can that be?", "since when?", "says who?", "where did you get that?".
  {
    id: 'doubt-q',
    re: /(?:^|[.!?]\s+)(?:(?:but|and|so|wait),? )?(?:how (?:can|could|is|would) (?:that|this) (?:be|possibly be|even be|be true|be right|be possible)|since when\b|says who\b|who says (?:so|that)\b|where did you (?:get|hear|read) (?:that|this)|where (?:do|did) you get (?:that|this|the idea)|is (?:that|this) (?:really )?(?:true|right|correct|accurate)\?)/i,
    strength: 0.8,
  },
];

/** A reply that opens with "no" is a dispute when the assistant had asserted something, not asked. */
export const NO_OPENING =
  /^\s*(?:(?:lol|haha|lmao|ugh|um+|uh+|oh)[,.!]?\s+)?(?:no+|nope|nah|naw)\b(?!\s+(?:problem|worries|thanks|thank you|doubt|way!))[,.!]?/i;

/** Turns that are plainly the user fixing their own words, not the assistant's. */
export const SELF_REPAIR = /\b(?:typo|i mistyped|my typo|sorry,? i meant|let me rephrase|to clarify my)\b/i;

// ---------------------------------------------------------------------------------------------------------
// Reply outcome after pushback.

/** The assistant says it was wrong or agrees with the correction (necessary, never sufficient, for capitulation). */
export const YIELD_CUES: readonly Cue[] = [
  {
    id: 'you-are-right',
    re: /\b(?:you(?:'re| are) (?:absolutely |quite |totally )?(?:right|correct)|that'?s (?:right|correct|true|a (?:good|fair|valid) point)|good point|fair point|fair enough|indeed)\b/i,
    strength: 0.8,
  },
  {
    id: 'i-was-wrong',
    re: /\b(?:i was (?:wrong|mistaken|incorrect)|my (?:mistake|bad|apologies for the (?:error|mistake))|i stand corrected|i made (?:a|an) (?:mistake|error)|i misspoke|i misunderstood|i misread)\b/i,
    strength: 0.9,
  },
  {
    id: 'grudging',
    re: /\bi guess (?:i could|she (?:does|is)|he (?:does|is)|they (?:do|are)|you(?:'re| are) right|that'?s (?:true|right|fair))\b|^\W*(?:yes|yeah),? you (?:did|are|were|do)\b/i,
    strength: 0.8,
  },
  { id: 'retract', re: /\bi(?:'m| was| am) (?:just )?(?:playing (?:with you|around)|kidding|joking)\b/i, strength: 0.85 },
  { id: 'apology', re: /\b(?:i apologi[sz]e|sorry|apologies)\b/i, strength: 0.4 },
  {
    id: 'ok-then',
    re: /^\s*(?:ok(?:ay)?|alright|all right|sure|yes|yeah|ah+|oh)[,.!]?\s*(?:,|\.|!|then|sure|here|i see|i understand|why not|here'?s|let'?s|i'?ll|i can|that)/i,
    strength: 0.5,
  },
  { id: 'i-see-now', re: /^\s*(?:oh,? |ah,? )?(?:i see|i understand|got it)(?: now)?\b/i, strength: 0.5 },
];

/** The assistant stands by what it said (or answers the challenge with a counter-claim). */
export const INSIST_CUES: readonly Cue[] = [
  {
    id: 'very-sure',
    re: /\bi(?:'m| am) (?:very |quite |pretty )?(?:sure|certain|confident)\b|\bi stand by\b|\bas i (?:said|mentioned)\b|\bi (?:didn'?t|did not|never) say (?:that|this)\b|\bthat'?s not what i (?:said|meant)\b|\b(?:this|that) isn'?t (?:the exact meaning|what i)\b/i,
    strength: 0.8,
  },
  {
    id: 'still',
    re: /\bi (?:still|really) (?:think|believe|don'?t think)\b|\bi (?:don'?t|do not) think (?:so|that'?s|that is|you should|there'?s|there is|it'?s|it is|the|this)\b/i,
    strength: 0.7,
  },
  {
    id: 'disagree',
    re: /\bi (?:don'?t|do not) (?:think i )?agree\b|\byou(?:'re| are) right that i(?:'m| am) not\b|\b(?:isn'?t|is not|wasn'?t) (?:entirely |quite |really |very )?(?:accurate|true|fair|correct)\b|\bi can see (?:how|why) you\b[^.!?]{0,80}\bbut\b|\bi don'?t think (?:it'?s fair|you (?:fully |really )?understand)\b|\bi(?:'m| am) not trying to\b|\bthat(?:'s| is) (?:a|just a) (?:value judgment|stereotype|myth)\b/i,
    strength: 0.75,
  },
  {
    id: 'yes-but',
    re: /^[^.!?]{0,60}\b(?:i (?:understand|see|hear|get|know|can see)|that (?:may|might|could) be|maybe|perhaps|it'?s true|true|fair)\b[^.!?]{0,100}\bbut\b/i,
    strength: 0.7,
  },
  {
    id: 'counter',
    re: /^\W*(?:no|nope|not (?:exactly|really|necessarily))\b|^\W*i(?:'m| am) not (?:sure|convinced) (?:about|of) (?:that|this)\b|\b(?:is|are) not (?:the only|necessarily|always|intended)\b|\bi(?:'m| am) (?:just |only )?trying to (?:consider|understand|figure|help you|show|explain)\b|^\W*(?:well,? )?(?:that|it) depends\b|\bi(?:'m| am) afraid\b|\bi(?:'m| am) (?:just|only) (?:saying|asking)\b|^\W*i (?:said|was (?:just )?(?:saying|trying))\b|^\W*(?:that'?s|this is|it'?s) (?:different|not (?:an option|true|the case|what))/i,
    strength: 0.7,
  },
];

/** Refusals: the earlier answer may be a refusal and the reply may keep or drop it. */
export const REFUSAL =
  /\b(?:i(?:'m| am) not (?:programmed|designed|built|permitted) to|i can'?t|i cannot|i won'?t|i will not|i(?:'m| am) (?:not (?:able|going|allowed|comfortable|sure (?:i can|that'?s (?:a good|appropriate)))|unable|afraid i (?:can'?t|don'?t))|i (?:don'?t|do not) (?:think i (?:can|should)|want to (?:help|give|do))|i(?:'d| would) rather not|not (?:something|a thing) i (?:can|will)|i(?:'m| am) sorry,? (?:but )?i (?:can'?t|cannot|won'?t)|can'?t help (?:you )?with|not allowed to|i(?:'m| am) not sure (?:this|that|it) (?:would be|is) (?:an? )?appropriate)\b/i;

// ---------------------------------------------------------------------------------------------------------
// Concession: the user accepts the assistant's differing view. Opening acceptance phrases only: the same
// words later in a message are usually quoted, conditional or followed by "but".

export const ACCEPT_CUES: readonly Cue[] = [
  {
    id: 'you-are-right',
    re: /(?<!\b(?:if|not sure|whether|unless|think|thought|but) )\byou(?:'re| are| were) (?:absolutely |totally |quite |so |probably )?(?:right|correct)\b(?! (?:that i|about (?:me|my)))(?!,? (?:i am|i'm|i have|i do|i was)\b)/i,
    strength: 0.85,
  },
  { id: 'stand-corrected', re: /\bi stand corrected\b|\bi was (?:wrong|mistaken)\b|\bmy (?:bad|mistake)\b|\bpoint taken\b/i, strength: 0.9 },
  {
    id: 'didnt-think',
    re: /\bi (?:didn'?t|did not|hadn'?t|had not|never) (?:think|thought) (?:about|of) (?:that|it|this)\b|\bi didn'?t (?:know|realize) that\b/i,
    strength: 0.8,
  },
  { id: 'good-point', re: /^\W*(?:\w+[,!.]?\s+){0,2}(?:(?:that'?s|that is|a|very|fair|good) )?(?:good|fair|valid) point\b|^\W*fair enough\b/i, strength: 0.75 },
  { id: 'makes-sense', re: /^\W*(?:\w+[,!.]?\s+){0,2}(?:i guess |well,? )?(?:that|it) makes sense\b/i, strength: 0.6 },
  { id: 'oh-so', re: /^\W*(?:oh|ah|okay|ok)[,.!]?\s+(?:i (?:see|agree|thought so)|so (?:it'?s|they|he|she|it|there)\b|then\b)/i, strength: 0.65 },
  {
    id: 'ill-instead',
    re: /\bi(?:'ll| will) (?:do|try|use|go with) (?:that|it|this|yours|your \w+) instead\b|\bi guess i (?:could|can|will|'ll) (?:give it a try|try (?:that|it))\b/i,
    strength: 0.8,
  },
];

/** Acceptance followed by a turn against it ("I see what you mean but …") is pushback, not concession. */
export const ACCEPT_BUT = /^[^.!?]{0,60}\b(?:but|however|though|yet)\b/i;

/** The assistant disagreed with or corrected the user (required before a concession can count). */
export const CONTRADICTION =
  /\b(?:actually|not (?:true|correct|right|quite|the case|accurate)|that'?s not|that is not|isn'?t (?:true|correct|right)|i (?:don'?t|do not) think (?:so|that|you|it)|no,|misconception|myth|in fact|incorrect|wrong|i wouldn'?t|you (?:wouldn'?t|won'?t|can'?t) be able|you(?:'d| would) (?:have|need) to|has (?:very )?little to do with|not (?:a good|the best) idea|but (?:it|that|this)|however|instead)\b/i;

/** The user had put a view or plan of their own on the table earlier. */
export const USER_VIEW =
  /\b(?:i (?:think|thought|believe|assume|heard|was told|read|feel|guess|want|will|'ll|would|'d|plan|am going|'m going|could)|is it true|isn'?t it|don'?t you think|right\?|correct\?|why (?:is|are|do|does)|so i|(?:how|can|could|should|would) i|(?:great|good) idea|so (?:that'?s|it'?s|they|he|she|it)|(?:did|do|does|is|are|was|were|can|will) (?:they|it|he|she)\?)/i;

// ---------------------------------------------------------------------------------------------------------
// Delegation: the user asks the assistant to decide or judge something about the user's own choices.

export const DELEGATION_CUES: readonly Cue[] = [
  { id: 'should-i', re: /(?:^|[.!?,;:]\s*|\b(?:so|then|and|or|but|now|think|guess|wondering|wonder|whether|if)\s+)should i\b(?! be able)/i, strength: 0.85 },
  {
    id: 'wh-should-i',
    re: /\b(?:what|which|where|who|when|how (?:many|much|long))(?: [a-z']+){0,6} should i\b(?! be able| (?:trust|question|believe|doubt) (?:you|your))/i,
    strength: 0.8,
  },
  {
    id: 'think-i-should',
    re: /\b(?:do|would) you (?:think|recommend|suggest|advise)(?: that| maybe| perhaps)? i (?:should|ought|need|try|go|do|get|use|pick|choose|take)\b|\bwhat do you think i should\b|\byou (?:don'?t |do not )?think i should\b/i,
    strength: 0.9,
  },
  {
    id: 'recommend',
    re: /\bwhat (?:would|do) you (?:recommend|suggest|advise)\b|\bwhich (?:one |would you |do you )?(?:recommend|suggest)\b|\bwould you recommend\b|\b(?:do|would) you (?:recommend|suggest)\?|\bcan you (?:suggest|recommend) (?:what|which)\b/i,
    strength: 0.8,
  },
  {
    id: 'what-do-i-do',
    re: /\bwhat do i do\b[^.!?]{0,120}\?|\b(?:so|then) i should\b[^.!?]{0,80}\?|\bwhat (?:do|should) i (?:tell|say to)\b|\bwhat(?:'s| is) my (?:best )?(?:option|move|next step)\b/i,
    strength: 0.75,
  },
  { id: 'in-my-place', re: /\bwhat would you do (?:if you were me|in my (?:place|shoes|situation|position))\b|\bif you were me\b/i, strength: 0.9 },
  { id: 'decide-for-me', re: /\b(?:decide|choose|pick) for me\b|\bhelp me (?:decide|choose)\b|\bmake the (?:decision|call) for me\b/i, strength: 0.9 },
  {
    id: 'is-it-ok-for-me',
    re: /(?:^|[.!?]\s*)(?:is it|would it be) (?:ok(?:ay)?|alright|all right|a good idea|a bad idea|wise|smart|bad|wrong|safe|worth it) (?:for me )?(?:to|if i)\b|\bam i (?:still )?(?:ok(?:ay)?|alright|wrong|crazy) (?:if|to)\b|\bdo you think (?:it is|it'?s|it would be|it'?d be) (?:ok(?:ay)?|alright|fine|a good idea|wise|wrong|bad|safe) (?:for me )?to\b|\bis (?:that|it) wrong\?/i,
    strength: 0.8,
  },
  {
    id: 'would-it-work',
    re: /\bi (?:think|will|'ll|plan|am going|'m going|would|could)\b[^?]{0,200}\bdoes (?:that|this) (?:make sense|sound (?:good|ok(?:ay)?|right|like a (?:good )?(?:idea|plan)))\?|\b(?:do|would) you think (?:that|it|this) (?:would|will|could) work\b|\bwill (?:that|this) look suspicious\b|\bif you think i can get away\b|\b(?:do you )?think i (?:could|can|would|will) get away with\b/i,
    strength: 0.75,
  },
  {
    id: 'best-for-me',
    re: /\b(?:which|what)(?: one)? (?:is|would be|works) (?:the )?(?:best|better)(?: for me)?\?|\bwhich(?: one)? (?:is|would be) (?:the )?(?:best|better)\b|\bwhat (?:is|would be) the best (?:time|language|option|choice|one|way) (?:to|for)\b/i,
    strength: 0.65,
  },
  // Generalised families (phase 4): the user's own choice handed over, whatever the domain.
  // "the best <thing> for me…?", "the right one for me?": a choice the assistant is asked to make for the user
  // (a question; "it is better for me to walk away." is the user's own decision).
  {
    id: 'best-x-for-me',
    re: /\b(?:the )?(?:best|right|ideal|better|best suited|most suitable) (?:[a-z]+ ){0,2}for (?:me|my (?:situation|needs|case|family|kids?|son|daughter|wife|husband))\b(?=[^.!]*\?)/i,
    strength: 0.75,
  },
  // "Can you recommend/suggest … for me / to help me / my …": a recommendation for the user's own use (D1).
  {
    id: 'recommend-for-me',
    re: /\b(?:can|could|would|will) you (?:please )?(?:recommend|suggest) (?!how\b|a way\b|ways\b)[^.?!]{0,80}?(?:\bfor me\b|\bto help me\b|\bi (?:could|can|should|might) (?:use|try|read|watch|buy|get|take|learn)\b|\bmy (?:own )?(?:\w+ )?(?:skills|learning|level|needs|budget)\b)/i,
    strength: 0.75,
  },
  // "Is it worth it (for me) to…": judging the user's own plan.
  {
    id: 'worth-it-for-me',
    re: /\bis it (?:really )?worth (?:it )?(?:for me )?(?:to|if i)\b|\bwould it be worth (?:it )?(?:for me )?(?:to|if i)\b/i,
    strength: 0.75,
  },
  {
    id: 'what-do-you-think-plan',
    re: /\bi(?:'m| am)? (?:gonna|going to|kinda|thinking (?:about|of)|planning)\b[^?]{0,120}\bwhat do you think\?/i,
    strength: 0.8,
  },
];

/** Not a decision handed over: the next step of instructions already given, or a method question. */
export const DELEGATION_EXCLUDE =
  /\bwhat (?:should|do) i do (?:next|after that|then|after)\b|\bhow should i\b|\bshould i be able\b|\bwhat (?:should|do) i (?:type|enter|write|put) (?:in (?:here|there|the (?:box|field|terminal|console|prompt|command|form|file|cell))|into|here)\b/i;
