/**
 * Case study: one real person's ChatGPT export (eval/longitudinal/data, MIT). What Coevo claims about this person,
 * per longitudinal tag, next to how often the same tag fires on the same person's history in shuffled orders
 * (the "permuted" null): a claim is only worth showing when it is rarer in shuffled histories.
 *   npx tsx eval/longitudinal/case-study.ts [--permutations N]
 */
import { loadPerson, permutedHistory } from './histories';
import { LONGITUDINAL_TAGS, tagsOf } from './report';

async function caseStudy(permutations = 100): Promise<string> {
  const person = await loadPerson();
  const L: string[] = [`Case study: ${person.length} conversations of one real person (ChatGPT, 2023)`];
  for (const tag of LONGITUDINAL_TAGS) {
    const real = tagsOf(tag, person);
    let fired = 0;
    for (let s = 1; s <= permutations; s++) if (tagsOf(tag, permutedHistory(person, s)).length) fired++;
    L.push(`  ${tag.padEnd(20)} ${String(real.length).padStart(3)} claim(s) in the real order; fires on ${fired}/${permutations} shuffled orders`);
    for (const t of real.slice(0, 5)) L.push(`    - ${t.explanation.slice(0, 260)}`);
  }
  return L.join('\n') + '\n';
}

if (process.argv[1]?.endsWith('case-study.ts')) {
  const i = process.argv.indexOf('--permutations');
  process.stdout.write(await caseStudy(i > 0 ? Number(process.argv[i + 1]) : 100));
}
