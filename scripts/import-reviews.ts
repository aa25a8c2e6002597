/**
 * `npm run import`: brings in the reviews a committee tracks on a spreadsheet today, one row per review.
 *
 *   npm run import -- reviews.csv --tenant <tenant id> [--dry-run]
 *
 * Columns (a header row; names in any case, spaces or underscores alike):
 *   reference        LR-2026-007
 *   kind             CP or ASP
 *   pseudonym        Child A, Adult B2 (the committee's pseudonym rules: never a name or initials)
 *   notified         the notification date, 20/10/2026 or 2026-10-20
 *   decision         optional: proceed or not proceed
 *   decided          the decision's date, with a decision
 *   review template  with a decision to proceed: tier-1, tier-2-3, ...
 *   milestones       optional: steps done, `consideration-meeting=27/11/2026; recommendation-report=10/12/2026`
 *
 * Each row is stored in a transaction of its own, audited as `system`: a row is imported whole
 * (review, decision, milestones) or not at all, and the rows around it are not held back by it.
 * `--dry-run` runs every row the same way and rolls each back: it reports what would happen and
 * writes nothing. It prints row numbers, references and reasons: never a pseudonym.
 */
// The same .env the bot reads, so the command works on the bot's own store.
import 'dotenv/config';
import { withScriptStore } from './script-store';
import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { REVIEW_KINDS } from '../src/domain/model';
import { InvalidValueError, isStoreError, type Store } from '../src/store';

const USAGE = 'Usage: npm run import -- <reviews.csv> --tenant <tenant id> [--dry-run]';
/** Who the audit says made the changes: the import, not a person of the committee. */
const ACTOR = 'system';

const COLUMNS = [
  'reference',
  'kind',
  'pseudonym',
  'notified',
  'decision',
  'decided',
  'review_template',
  'milestones',
] as const;
const REQUIRED: readonly string[] = ['reference', 'kind', 'pseudonym', 'notified'];

interface Arguments {
  file: string;
  tenant: string;
  dryRun: boolean;
}

function parseArguments(argv: string[]): Arguments | string {
  let file: string | undefined;
  let tenant: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i += 1) {
    const option = argv[i];
    if (option === '--dry-run') dryRun = true;
    else if (option === '--tenant') {
      const value = argv[(i += 1)];
      if (value === undefined || value.startsWith('--')) return `--tenant needs a value.\n${USAGE}`;
      tenant = value;
    } else if (option.startsWith('--')) return `"${option}" is not an option of npm run import.\n${USAGE}`;
    else if (file === undefined) file = option;
    else return `Give one file at a time.\n${USAGE}`;
  }
  if (file === undefined) return `Say which file to import.\n${USAGE}`;
  if (tenant === undefined) return `Say which committee with --tenant <tenant id>.\n${USAGE}`;
  return { file, tenant, dryRun };
}

/** A day written the British way (20/10/2026) or as ISO (2026-10-20), at the start of that day in the committee's zone. */
function dateIn(label: string, zone: string) {
  return z.string().transform((text, ctx) => {
    const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const parts = british
      ? { day: Number(british[1]), month: Number(british[2]), year: Number(british[3]) }
      : iso
        ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
        : null;
    if (parts === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} "${text}" is not a date: write it as 20/10/2026 or 2026-10-20.`,
      });
      return z.NEVER;
    }
    const day = DateTime.fromObject(parts, { zone });
    if (!day.isValid) {
      ctx.addIssue({ code: 'custom', message: `${label} "${text}" is not a date on the calendar.` });
      return z.NEVER;
    }
    return day.toJSDate();
  });
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';

function rowSchema(zone: string) {
  const milestone = z.string().transform((text, ctx) => {
    const [stepId, date, ...rest] = text.split('=').map((part) => part.trim());
    if (!stepId || date === undefined || rest.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `The milestone "${text}" should read step=date, e.g. consideration-meeting=27/11/2026.`,
      });
      return z.NEVER;
    }
    const completedAt = dateIn(`The date of ${stepId}`, zone).safeParse(date);
    if (!completedAt.success) {
      for (const issue of completedAt.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return { stepId, completedAt: completedAt.data };
  });
  return z
    .object({
      reference: z.string().min(1, 'The reference is missing.'),
      kind: z
        .string()
        .transform((kind) => kind.toUpperCase())
        .pipe(z.enum(REVIEW_KINDS, { errorMap: () => ({ message: 'The kind must be CP or ASP.' }) })),
      pseudonym: z.string().min(1, 'The pseudonym is missing.'),
      notified: z.string().min(1, 'The notification date is missing.').pipe(dateIn('The notification date', zone)),
      decision: z
        .string()
        .optional()
        .transform((text, ctx) => {
          if (blank(text)) return null;
          const words = text!.toLowerCase().replace(/[\s_-]+/g, ' ');
          if (words === 'proceed') return 'proceed' as const;
          if (words === 'not proceed') return 'not_proceed' as const;
          ctx.addIssue({ code: 'custom', message: 'The decision must be "proceed" or "not proceed".' });
          return z.NEVER;
        }),
      decided: z
        .string()
        .optional()
        .transform((text) => (blank(text) ? null : text!))
        .pipe(dateIn('The decision date', zone).nullable()),
      review_template: z
        .string()
        .optional()
        .transform((text) => (blank(text) ? null : text!)),
      milestones: z
        .string()
        .optional()
        .transform((text) => (blank(text) ? [] : text!.split(';').filter((part) => part.trim() !== '')))
        .pipe(z.array(milestone)),
    })
    .superRefine((row, ctx) => {
      if (row.decision !== null && row.decided === null)
        ctx.addIssue({ code: 'custom', message: 'A decision needs its date in the decided column.' });
      if (row.decision === null && row.decided !== null)
        ctx.addIssue({ code: 'custom', message: 'A decision date needs the decision (proceed or not proceed).' });
    });
}

type Row = z.output<ReturnType<typeof rowSchema>>;

const print = (line = '') => process.stdout.write(`${line}\n`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Thrown to roll a dry run's row back once every check has run. */
class DryRunRollback extends Error {}

/** The store's refusal in words that never repeat what was typed as a pseudonym (it may be a name). */
function reasonOf(error: unknown): string {
  if (error instanceof InvalidValueError && error.field === 'subjectPseudonym')
    return 'the pseudonym is refused (not shown here, as it may name someone): a pseudonym is a word such as Child or Adult and one capital letter, e.g. Child A, so that the subject cannot be identified.';
  if (isStoreError(error)) return error.message;
  throw error;
}

async function importRow(store: Store, tenant: string, row: Row, dryRun: boolean): Promise<void> {
  await store.transaction(async (tx) => {
    const review = await tx.reviews.create(tenant, ACTOR, {
      reference: row.reference,
      kind: row.kind,
      subjectPseudonym: row.pseudonym,
      notifiedAt: row.notified,
    });
    if (row.decision !== null && row.decided !== null) {
      await tx.reviews.recordDecision(tenant, ACTOR, review.id, {
        outcome: row.decision,
        decidedAt: row.decided,
        reviewTemplateId: row.review_template,
      });
    }
    for (const milestone of row.milestones) {
      await tx.reviews.recordMilestone(tenant, ACTOR, review.id, { ...milestone, skipped: false });
    }
    if (dryRun) throw new DryRunRollback();
  });
}

const columnName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

async function importFile(store: Store, args: Arguments): Promise<number> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(readFileSync(args.file), {
      bom: true,
      columns: (headers: string[]) => headers.map(columnName),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof CsvError) {
      process.stderr.write(`${args.file} could not be read as CSV: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      process.stderr.write(`There is no file ${args.file}.\n`);
      return 1;
    }
    throw error;
  }
  const headers = records.length > 0 ? Object.keys(records[0].record) : [];
  const unknown = headers.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => !headers.includes(h));
  if (records.length === 0) {
    process.stderr.write(`${args.file} has no reviews under its header row.\n`);
    return 1;
  }
  if (unknown.length > 0 || missing.length > 0) {
    process.stderr.write(
      `${[
        missing.length > 0 ? `${args.file} has no column ${missing.join(', ')}.` : '',
        unknown.length > 0 ? `${args.file} has columns the import does not know: ${unknown.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ')} The columns are: ${COLUMNS.join(', ').replace('review_template', 'review template')}.\n`,
    );
    return 1;
  }

  const { timeZone } = await store.committees.calendarOf(args.tenant);
  const schema = rowSchema(timeZone);
  const seen = new Map<string, number>();
  let good = 0;
  print(
    args.dryRun
      ? `Dry run for committee ${args.tenant}: nothing is written.`
      : `Importing into committee ${args.tenant}, audited as ${ACTOR}; each row is imported whole or not at all.`,
  );
  for (const { record, info } of records) {
    const rowNumber = info.lines;
    const label = `Row ${rowNumber}${record.reference ? ` (${record.reference})` : ''}`;
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      print(`${label}: not imported: ${parsed.error.issues.map((issue) => issue.message).join(' ')}`);
      continue;
    }
    const key = parsed.data.reference.trim().toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      print(`${label}: not imported: row ${earlier} has the same reference.`);
      continue;
    }
    seen.set(key, rowNumber);
    try {
      await importRow(store, args.tenant, parsed.data, args.dryRun);
      good += 1;
      print(`${label}: imported.`);
    } catch (error) {
      if (args.dryRun && error instanceof DryRunRollback) {
        good += 1;
        print(`${label}: would be imported.`);
      } else print(`${label}: not imported: ${reasonOf(error)}`);
    }
  }
  const bad = records.length - good;
  print(
    `${args.dryRun ? 'Would import' : 'Imported'} ${good} of ${plural(records.length, 'review')}${
      bad > 0
        ? `; ${plural(bad, 'row')} not imported: correct ${bad === 1 ? 'it' : 'them'} and import just ${bad === 1 ? 'that row' : 'those rows'} again`
        : ''
    }.`,
  );
  return bad > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  return withScriptStore(async ({ store }) => {
    return await importFile(store, args);
  });
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`npm run import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
