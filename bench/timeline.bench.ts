/**
 * How the timeline engine's cost compares with a trivial pass over the same reviews, and whether
 * it grows with history (finished items) or only with what is due. Prints ratios measured in this
 * process, so the figures mean the same on a fast or a slow machine. Run: npx tsx bench/timeline.bench.ts
 */
import { dueReminders, type EngineContext, type Review, timeline } from '../src/domain';
import { createEngineContext } from '../src/templates/load-templates';
import { syntheticReviews } from '../test/fixtures/synthetic-reviews';
import { ms, QUICK, reportRow } from './bench-table';

const COUNT = QUICK ? 2_000 : 10_000;
const NOW = new Date('2026-11-16T12:00:00Z');

interface Timed {
  label: string;
  ms: number;
  result: number;
}

/**
 * Times each pass, taking turns (a, b, c, then c, b, a, ...), so that a machine busy with other work
 * slows them alike and neither always runs first; the median of each is kept, with each run's
 * samples so that ratios can be taken within a run.
 */
function timeTogether(
  passes: Array<{ label: string; pass: () => number }>,
  runs = QUICK ? 5 : 9,
): Array<Timed & { samples: number[] }> {
  for (const { pass } of passes) pass(); // warm-up: JIT, holiday tables and offset caches
  const samples = passes.map(() => [] as number[]);
  const results = passes.map(() => 0);
  for (let run = 0; run < runs; run += 1) {
    const order = passes.map((_, i) => i);
    if (run % 2 === 1) order.reverse();
    for (const i of order) {
      const started = process.hrtime.bigint();
      results[i] = passes[i].pass();
      samples[i].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return passes.map(({ label }, i) => ({
    label,
    ms: [...samples[i]].sort((a, b) => a - b)[Math.floor(runs / 2)],
    result: results[i],
    samples: samples[i],
  }));
}

/**
 * The median over runs of one pass's time over another's in the same run: taken side by side, a
 * burst of other work on the machine lands on both, where a ratio of two medians taken apart can
 * pair a quiet run with a busy one.
 */
function pairedRatio(a: { samples: number[] }, b: { samples: number[] }): number {
  const ratios = a.samples.map((ms, run) => ms / b.samples[run]).sort((x, y) => x - y);
  return ratios[Math.floor(ratios.length / 2)];
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

  const [baseline, shortRun, longRun] = timeTogether([
    { label: 'trivial pass, long history', pass: () => trivialPass(long) },
    { label: 'timeline + dueReminders, short history (0 finished items)', pass: () => enginePass(short, context) },
    {
      label: 'timeline + dueReminders, long history (50 finished items of each kind)',
      pass: () => enginePass(long, context),
    },
  ]);

  console.log(
    `${COUNT} reviews; median of ${QUICK ? 5 : 9} runs taken in turns; ratios against the trivial pass measured in this run`,
  );
  console.log(
    `  intents due: short ${shortRun.result}, long ${longRun.result} (same open items, so equal counts expected)`,
  );
  for (const row of [baseline, shortRun, longRun]) {
    console.log(
      `  ${row.label.padEnd(72)} ${(row.ms / baseline.ms).toFixed(1).padStart(8)} x baseline   (${row.ms.toFixed(1)} ms)`,
    );
  }
  const ratio = pairedRatio(longRun, shortRun);
  console.log(
    `  long history / short history, median of each run's ratio: ${ratio.toFixed(2)} (finished items per review: 200 vs 0; open items: 4 in both)`,
  );
  console.log(`  per review, long history: ${((longRun.ms * 1000) / COUNT).toFixed(1)} µs`);
  reportRow({
    row: '5. Timeline',
    measure: `${COUNT.toLocaleString('en-GB')} reviews: long history (200 finished items) / short`,
    bot: ms(longRun.ms),
    baseline: `${ms(shortRun.ms)} (short history)`,
    ratio,
    goal: '< 1.2',
    met: ratio < 1.2,
  });
  reportRow({
    row: '5. Timeline',
    measure: 'timeline and due reminders, long history / a trivial pass',
    bot: ms(longRun.ms),
    baseline: `${ms(baseline.ms)} (touch every item)`,
    ratio: longRun.ms / baseline.ms,
    goal: '',
    met: null,
  });
}

main();
