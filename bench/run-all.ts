/**
 * `npm run bench [-- --quick] [-- --full] [names...]`: runs every `bench/*.bench.ts` in turn (or
 * those whose file names contain one of the names), each in its own process so that one
 * benchmark's heap does not colour the next one's figures, and prints one table at the end: each
 * row's figure for the bot, the baseline measured in the same run, the ratio and the goal.
 * `--quick` scales the runs down for a fast look; `--full` adds the largest stores.
 * How to read each row: bench/README.md.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type BenchRow, ROW_MARKER } from './bench-table';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function run(file: string): Promise<{ rows: BenchRow[]; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(__dirname, file), ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rows: BenchRow[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(ROW_MARKER)) rows.push(JSON.parse(line.slice(ROW_MARKER.length)) as BenchRow);
    else console.log(line);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ rows, code })));
}

function table(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.row,
    r.measure,
    r.bot,
    r.baseline,
    r.ratio === null ? '' : r.ratio.toFixed(2),
    r.goal,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const header = ['Row', 'Measure', 'Bot', 'Baseline (same run)', 'Ratio', 'Goal', 'Met'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const file of files) {
    console.log(`\n=== ${file}`);
    const started = performance.now();
    const result = await run(file);
    console.log(`    (${((performance.now() - started) / 1_000).toFixed(0)} s)`);
    rows.push(...result.rows);
    if (result.code !== 0) {
      failed += 1;
      rows.push({
        row: file,
        measure: 'the benchmark failed',
        bot: `exit code ${result.code}`,
        baseline: '',
        ratio: null,
        goal: '',
        met: false,
      });
    }
  }
  const cpus = os.cpus();
  console.log(
    `\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus.length} cores (${cpus[0]?.model.trim()}); ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(0)} GB memory; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; Node ${process.version}${flags.length ? `; ${flags.join(' ')}` : ''}\n`,
  );
  console.log(table([...rows].sort((a, b) => a.row.localeCompare(b.row, 'en', { numeric: true }))));
  process.exit(failed === 0 ? 0 : 1);
}

void main();
