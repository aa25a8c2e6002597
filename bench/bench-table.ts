/**
 * What every benchmark shares: the flags `npm run bench` passes on (`--quick` scales a run down for a
 * fast look, `--full` adds the largest stores), and the rows of the one table `bench/run-all.ts`
 * prints at the end. A benchmark prints its own detail as it goes, and each row once, as a line of
 * JSON behind a marker that run-all collects.
 */
import { readFileSync } from 'node:fs';

export const QUICK = process.argv.includes('--quick');
export const FULL = process.argv.includes('--full');

export interface BenchRow {
  /** Which of the benchmarks, e.g. "1. Inbound turn". */
  row: string;
  /** What was measured, e.g. "requests a second, 10 connections". */
  measure: string;
  /** The bot's figure, with its unit. */
  bot: string;
  /** The baseline's figure measured in the same run, or "" when the row has none. */
  baseline: string;
  /** Bot over baseline (or whatever the goal is stated against), or null. */
  ratio: number | null;
  goal: string;
  /** Whether the goal was met; null when the row has no goal. */
  met: boolean | null;
}

export const ROW_MARKER = '::bench-row ';

export function reportRow(row: BenchRow): void {
  process.stdout.write(`${ROW_MARKER}${JSON.stringify(row)}\n`);
}

/** The resident memory of a process, in MB (Linux: /proc). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) / 1024;
}

/** The highest resident memory a process has had, in MB (Linux: /proc). */
export function peakResidentMb(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb[1]) / 1024;
}

/** CPU time a process has used so far, user and system, in milliseconds (Linux: /proc). */
export function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; in clock ticks (100 a second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const ms = (value: number) => (value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`);
export const mb = (value: number) => `${value.toFixed(0)} MB`;
