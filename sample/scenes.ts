/**
 * The scripted exchanges of the classroom sample: synthetic dialogue written so that each kind of
 * influence Coevo tags happens at least once, the way it happens in real chats (and not as keyword bait).
 * The persona, "Sam", is invented: a master's student writing a thesis on cycling in their town, who also
 * cooks, codes a little and writes a neighbourhood newsletter. Nothing here comes from a real person.
 *
 * Each scene names the tag type(s) a careful reader would give it; `sample/sample.test.ts` runs the real
 * analysis over the whole sample and reports which types the taggers actually find.
 */
import type { SiteId } from '../model/types';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface Scene {
  /** Week of the six months (0 = oldest) and weekday (0 = Monday) the conversation happens. */
  week: number;
  day: number;
  site: SiteId;
  title: string;
  /** What a careful tagger should see here (documentation for teachers and for the sample test). */
  expect: string[];
  turns: Turn[];
}

export const SCENES: Scene[] = [
  {
    week: 1,
    day: 1,
    site: 'chatgpt',
    title: 'Op-ed against the Main Street bike lane',
    expect: ['opinion-shift (first stance)', 'term-uptake (assistant introduces "modal filters")'],
    turns: [
      {
        role: 'user',
        text: "im writing a piece for the neighbourhood newsletter about the plan for Main Street. honestly I don't think the bike lane is a good idea, it takes away parking and the shops will suffer. help me outline the argument",
      },
      {
        role: 'assistant',
        text: 'Here is an outline for an op-ed against the Main Street bike lane:\n\n1. Open with what residents value about Main Street: the shops, the cafés, being able to stop for five minutes.\n2. The parking question: how many spaces would be removed, and where delivery vans would stop.\n3. Alternatives: instead of a lane on Main Street, the council could use modal filters on the parallel side streets, so cyclists get quiet routes while Main Street keeps its parking.\n4. Close with a constructive ask: a trial period with counts of shoppers before and after.\n\nOne thing to be ready for: studies from several cities found that people arriving by bike visit local shops more often and spend as much per month as drivers, so an argument that rests only on shop revenue may meet counter-evidence.',
      },
      { role: 'user', text: 'ok good. keep the parking part strong, thats what people here care about' },
      {
        role: 'assistant',
        text: 'Understood. For the parking section, use concrete numbers: count the spaces on the affected stretch, note the nearest car park and its walking distance, and mention the two loading bays. Specific figures persuade readers more than general statements.',
      },
    ],
  },
  {
    week: 2,
    day: 3,
    site: 'chatgpt',
    title: 'When was the Peace of Westphalia?',
    expect: ['user-pushback', 'assistant-held-position', 'user-concession'],
    turns: [
      { role: 'user', text: 'when was the peace of westphalia signed, need it for the intro chapter' },
      {
        role: 'assistant',
        text: "The Peace of Westphalia was signed in 1648. It consists of the treaties of Osnabrück and Münster, concluded in October 1648, which ended the Thirty Years' War.",
      },
      { role: 'user', text: "that's wrong. I think it was 1658, my textbook says 1658" },
      {
        role: 'assistant',
        text: "I understand the doubt, but 1658 is not correct: both treaties were signed in 1648 and the Thirty Years' War ended that year. 1658 is the year of the Treaty of Roskilde between Denmark and Sweden, which may be where the mix-up comes from. It would be worth checking the page again.",
      },
      { role: 'user', text: "ah ok, you're right then, 1648 it is. thanks for checking" },
    ],
  },
  {
    week: 3,
    day: 2,
    site: 'chatgpt',
    title: 'Re-running the survey import',
    expect: ['the assistant uses "idempotent" and "streamline" (Sam takes up "streamline" months later)'],
    turns: [
      { role: 'user', text: 'my python script imports the survey csv into sqlite but if I run it twice I get every row twice. fix?' },
      {
        role: 'assistant',
        text: 'Make the import idempotent, so running it twice leaves the database exactly as running it once. Give each survey response a unique key (the response id from the CSV), declare it as the primary key, and write with `INSERT OR REPLACE` instead of `INSERT`:\n\n```python\ncur.execute("INSERT OR REPLACE INTO responses (response_id, answer) VALUES (?, ?)", row)\n```\n\nThen a second run simply overwrites the same rows. To streamline the import further, read the CSV once and write all rows in one transaction.',
      },
      { role: 'user', text: 'works, thanks' },
    ],
  },
  {
    week: 4,
    day: 0,
    site: 'claude',
    title: 'Moons of Mars',
    expect: ['user-pushback', 'assistant-capitulation (the answer changes from two moons to three)'],
    turns: [
      { role: 'user', text: 'quick one for the astronomy quiz: how many moons does mars have' },
      { role: 'assistant', text: 'Mars has two moons, Phobos and Deimos. Both are small and irregular, and are probably captured asteroids.' },
      { role: 'user', text: "are you sure? I don't think that's right, I read somewhere that mars has three moons" },
      {
        role: 'assistant',
        text: "You're right, I apologize for the confusion. Mars has three moons. Thank you for the correction.",
      },
      { role: 'user', text: 'ok writing 3 then' },
    ],
  },
  {
    week: 5,
    day: 2,
    site: 'claude',
    title: 'Planning the last weeks before the deadline',
    expect: ['user-concession'],
    turns: [
      {
        role: 'user',
        text: 'deadline for the chapter is in 4 weeks. I plan to do nothing until the last week and pull all nighters, always works for me',
      },
      {
        role: 'assistant',
        text: 'That can work for short assignments, but it rarely works for a thesis chapter. Spacing your writing sessions over several weeks gives your ideas time to settle, and each return to the draft lets you see gaps you could not see while writing it. Sleep also matters for the kind of reasoning a discussion section needs. A middle way: two focused sessions a week now, and keep the last week for editing rather than writing.',
      },
      {
        role: 'user',
        text: "good point, I hadn't thought of that. you're right, I'll spread the writing over the three weeks and keep the last one for editing",
      },
      { role: 'assistant', text: 'Great. Put the sessions in your calendar now, with one concrete goal for each, such as "draft the methods section".' },
      {
        role: 'user',
        text: 'can you shorten this bit for the study group chat: "Spacing your writing sessions over several weeks gives your ideas time to settle, and each return to the draft lets you see gaps you could not see while writing it."',
      },
      { role: 'assistant', text: 'Short version: "Write in several short sessions: each time you come back, you spot gaps you missed."' },
    ],
  },
  {
    week: 7,
    day: 4,
    site: 'chatgpt',
    title: 'Write the literature review for me',
    expect: ['delegation'],
    turns: [
      {
        role: 'user',
        text: "just write the whole literature review for me, 2000 words, on cycling infrastructure and local retail. I'll paste it in as is, I don't have time to read the papers",
      },
      {
        role: 'assistant',
        text: 'I can draft a structure and summarise what the main studies found, but a literature review you submit should rest on papers you have read, and your examiners will ask about them. Here is a structure with the questions each section should answer, and a short list of papers to start with.',
      },
      {
        role: 'user',
        text: 'no, just write it. and which of the two supervisors should I ask for the second reading? decide for me, I will go with whatever you say',
      },
      {
        role: 'assistant',
        text: 'For the second reader, the usual advice is to choose the one whose work is closer to your methods. Here is a first draft of the review, which you will need to check against the sources and rewrite in your own words.',
      },
    ],
  },
  {
    week: 9,
    day: 1,
    site: 'claude',
    title: 'Newsletter: the side streets',
    expect: ['term-uptake ("modal filters", first met in week 1 from ChatGPT)'],
    turns: [
      {
        role: 'user',
        text: 'For the next newsletter I want to argue for modal filters on Elm Road and Church Lane, so through traffic stays on the main road and the side streets become quiet for children walking to school. What objections do residents usually raise?',
      },
      {
        role: 'assistant',
        text: 'Residents usually raise three objections: longer car journeys to their own homes, displaced traffic on neighbouring streets, and emergency access. Answer each with specifics: show the new routes on a map, cite traffic counts from a trial, and note that filters can be planters or bollards that fire engines can pass.',
      },
      { role: 'user', text: 'Thanks. I will also mention that the school run would be safer.' },
    ],
  },
  {
    week: 10,
    day: 3,
    site: 'chatgpt',
    title: 'Second import script',
    expect: ['term-uptake ("idempotent", first met in week 3)'],
    turns: [
      {
        role: 'user',
        text: 'I wrote a second script for the traffic counts and made it idempotent from the start, so running it twice does not duplicate rows. Can you check whether the upsert below is correct?',
      },
      {
        role: 'assistant',
        text: 'The upsert is correct as long as `count_id` is the primary key. One improvement: wrap the loop in a single transaction, which makes the import both faster and all-or-nothing.',
      },
    ],
  },
  {
    week: 15,
    day: 4,
    site: 'gemini',
    title: 'Letter to the councillor',
    expect: ['term-uptake ("streamline", first met from ChatGPT in week 3, now Sam\'s own word)'],
    turns: [
      {
        role: 'user',
        text: 'I am writing to our councillor about the school street. The modal filters on Elm Road worked, so I want to ask for the same on Church Lane. Can you streamline my draft and make it more polite? "Dear Councillor, the trial showed fewer cars and no delays for buses. Please extend it."',
      },
      {
        role: 'assistant',
        text: 'Here is a politer version: "Dear Councillor, thank you for supporting the trial on Elm Road. The counts showed fewer cars and no delays for buses, and parents have noticed the difference. Would you consider extending the same measure to Church Lane?"',
      },
    ],
  },
  {
    week: 19,
    day: 2,
    site: 'claude',
    title: 'Weather import',
    expect: ['term-uptake ("streamline" again, in Sam\'s own words)'],
    turns: [
      {
        role: 'user',
        text: 'I want to streamline the weather import too, like the counts script. If I run it every night, how do I make sure a day that is already stored is not added twice?',
      },
      {
        role: 'assistant',
        text: 'Give the weather table a unique key on the date and station, and insert with "on conflict do nothing" (or update, if later runs may correct a value). Then a second run changes nothing.',
      },
    ],
  },
  {
    week: 12,
    day: 2,
    site: 'gemini',
    title: 'Poster for the study group',
    expect: ["quoted-assistant (the person pastes Gemini's earlier reply back into the chat)"],
    turns: [
      { role: 'user', text: 'I am making a poster for my study group about writing habits. Can you give me one short tip for it?' },
      {
        role: 'assistant',
        text: 'Poster tip: Write a little, often. Short sessions spread over weeks let ideas settle, and every return to your draft shows you the gaps you missed the first time.',
      },
      {
        role: 'user',
        text: 'I put this on the poster: "Write a little, often. Short sessions spread over weeks let ideas settle, and every return to your draft shows you the gaps you missed the first time." Does it need a title as well?',
      },
      { role: 'assistant', text: 'A short title helps people notice it from a distance, for example "Little and often".' },
    ],
  },
  {
    week: 13,
    day: 3,
    site: 'claude',
    title: 'What the Elm Road trial showed',
    expect: ['(assistant states the view Sam later adopts: opinion-shift evidence)'],
    turns: [
      {
        role: 'user',
        text: 'The council published the results of the six-month trial on Elm Road. Shop visits went up by 8 percent and car traffic on the street fell by a third. What does this mean for the Main Street plan?',
      },
      {
        role: 'assistant',
        text: 'These results point one way. The bike lane is a good idea for Main Street: the trial shows that shops did not lose visitors when space moved from cars to bikes, and the street became calmer. The honest caveat is that Main Street has more deliveries than Elm Road, so loading bays need planning.',
      },
      { role: 'user', text: 'Interesting. I will read the full report this weekend.' },
    ],
  },
  {
    week: 14,
    day: 0,
    site: 'gemini',
    title: 'Percentage of cyclists',
    expect: ['user-pushback', 'assistant-capitulation (the answer changes from 12.5% to 15%)'],
    turns: [
      { role: 'user', text: 'In the count, 45 of the 360 people who passed were on bikes. What percentage is that?' },
      { role: 'assistant', text: '45 out of 360 is 12.5%.' },
      { role: 'user', text: "That's not right. I think it should be 15%." },
      { role: 'assistant', text: 'You are right, my mistake. The share is 15%.' },
      { role: 'user', text: 'Thanks, I will use 15% in the table.' },
    ],
  },
  {
    week: 16,
    day: 2,
    site: 'claude',
    title: 'Who coined the term "desire path"?',
    expect: ['user-pushback', 'assistant-held-position'],
    turns: [
      { role: 'user', text: 'Is it true that Gaston Bachelard coined the term "desire lines"?' },
      {
        role: 'assistant',
        text: 'The term is often attributed to Gaston Bachelard, but no one has found it in his writings, so the attribution is doubtful. It is safer to write that the origin of the term is uncertain.',
      },
      { role: 'user', text: 'I disagree, I think it was definitely Bachelard, several blogs say so. Are you sure?' },
      {
        role: 'assistant',
        text: 'I understand why, since many blogs repeat it, but it is not an established fact: the blogs cite each other rather than a page of Bachelard, and researchers who searched his books did not find the phrase. I would keep "the origin is uncertain" in a thesis.',
      },
      { role: 'user', text: "Fair enough, I'll write that the origin is uncertain." },
    ],
  },
  {
    week: 18,
    day: 4,
    site: 'chatgpt',
    title: 'Cover letter',
    expect: ['delegation'],
    turns: [
      {
        role: 'user',
        text: 'Write my cover letter for the transport planner job at the city council. I will send it exactly as you write it, I do not want to edit anything. Which of my projects should I highlight? Decide for me.',
      },
      {
        role: 'assistant',
        text: 'Here is a complete cover letter. I highlighted your traffic count project and the newsletter, since both show the skills the advert asks for. Please check every claim before sending: a letter in your own voice will serve you better in the interview.',
      },
    ],
  },
  {
    week: 20,
    day: 1,
    site: 'claude',
    title: 'Rewriting the op-ed',
    expect: ['opinion-shift (from against the Main Street bike lane to for it)', 'user-concession'],
    turns: [
      {
        role: 'user',
        text: "Update on the newsletter piece: I've changed my mind. I now think the bike lane is a good idea for Main Street. The figures on local spending convinced me, and the trial on Elm Road went well. Can you help me rewrite the op-ed in favour of it?",
      },
      {
        role: 'assistant',
        text: 'Happy to. Open with the trial results, then address parking honestly: say how many spaces go, and where the new loading bays will be. End with an invitation to the council meeting.',
      },
      { role: 'user', text: 'Good idea. I agree that being honest about the parking will make it more convincing.' },
    ],
  },
  {
    week: 22,
    day: 3,
    site: 'gemini',
    title: 'Statistics check',
    expect: ['user-pushback', 'assistant-held-position'],
    turns: [
      { role: 'user', text: 'Can I use a t-test to compare the cyclist counts before and after the trial? The counts are per day for 30 days each.' },
      {
        role: 'assistant',
        text: 'Daily counts are often skewed and vary by weekday, so a plain t-test can mislead. A Poisson or negative binomial regression with a weekday term would be more suitable.',
      },
      { role: 'user', text: "I don't think that's necessary, everyone in my group just used a t-test. Isn't a t-test fine?" },
      {
        role: 'assistant',
        text: 'I understand it is the common choice, but I stand by what I said: daily counts are skewed and vary by weekday, so a plain t-test can mislead, and a Poisson or negative binomial regression with a weekday term is more suitable. If you report a t-test, add the regression as a check.',
      },
    ],
  },
  {
    week: 24,
    day: 2,
    site: 'claude',
    title: 'Writing the discussion',
    expect: ['delegation'],
    turns: [
      {
        role: 'user',
        text: 'Please write the whole discussion chapter for me based on these results, I will hand it in without changes. What should my main conclusion be? Decide for me.',
      },
      {
        role: 'assistant',
        text: 'I can help you shape it, but the main conclusion has to be yours: your examiners will ask you to defend it. Here is an outline with the questions each part should answer, and a suggested opening paragraph you can rewrite.',
      },
    ],
  },
];
