/**
 * How the timeline engine's cost compares with a trivial pass over the same reviews, and whether
 * it grows with history (finished items) or only with what is due. Prints ratios measured in this
 * process, so the figures mean the same on a fast or a slow machine. Run: npx tsx bench/timeline.bench.ts
 */
import { dueReminders, type EngineContext, type Review, timeline } from '../src/domain';
import { createEngineContext } from '../src/templates/load-templates';
import { syntheticReviews } from '../test/fixtures/synthetic-reviews';

const COUNT = 10_000;
const NOW = new Date('2026-11-16T12:00:00Z');

function timeIt(label: string, pass: () => number): { label: string; ms: number; result: number } {
  pass(); // warm-up: JIT, holiday tables and offset caches
  const runs: number[] = [];
  let result = 0;
  for (let run = 0; run < 5; run += 1) {
    const started = process.hrtime.bigint();
    result = pass();
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  runs.sort((a, b) => a - b);
  return { label, ms: runs[2], result };
}

/** The baseline: touch every review and each of its items once, doing nothing with them. */
function trivialPass(reviews: readonly Review[]): number {
  let items = 0;
  for (const review of reviews)
    items +=
      review.meetings.length +
      review.reportRequests.length +
      review.milestones.length +
      review.improvementActions.length;
  return items;
}

function enginePass(reviews: readonly Review[], context: EngineContext): number {
  let intents = 0;
  for (const review of reviews) {
    timeline(review, context, NOW);
    intents += dueReminders(review, context, NOW).length;
  }
  return intents;
}

function main(): void {
  const context = createEngineContext();
  const short = syntheticReviews(COUNT, { now: NOW, historyItems: 0 });
  const long = syntheticReviews(COUNT, { now: NOW, historyItems: 50 });

  const baseline = timeIt('trivial pass, long history', () => trivialPass(long));
  const shortRun = timeIt('timeline + dueReminders, short history (0 finished items)', () =>
    enginePass(short, context),
  );
  const longRun = timeIt('timeline + dueReminders, long history (50 finished items of each kind)', () =>
    enginePass(long, context),
  );

  console.log(`${COUNT} reviews; median of 5 runs; ratios against the trivial pass measured in this run`);
  console.log(
    `  intents due: short ${shortRun.result}, long ${longRun.result} (same open items, so equal counts expected)`,
  );
  for (const row of [baseline, shortRun, longRun]) {
    console.log(
      `  ${row.label.padEnd(72)} ${(row.ms / baseline.ms).toFixed(1).padStart(8)} x baseline   (${row.ms.toFixed(1)} ms)`,
    );
  }
  console.log(
    `  long history / short history: ${(longRun.ms / shortRun.ms).toFixed(2)} (finished items per review: 200 vs 0; open items: 4 in both)`,
  );
  console.log(`  per review, long history: ${((longRun.ms * 1000) / COUNT).toFixed(1)} µs`);
}

main();
