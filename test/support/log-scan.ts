/**
 * The log scan: the conversation suites (every test that starts the service) and the sender's
 * suites write their log at `trace`, and when a test ends its log is searched for every sensitive
 * value that test used. The values come from two places, so the scan keeps working as suites are
 * added without anyone listing their values by hand:
 *
 * - the store the test wrote to: every display name, e-mail address, pseudonym, meeting title,
 *   pause note, milestone note, reason for reopening, report text, file name and action description
 *   in it, read straight from the database when the test ends;
 * - `TYPED_IN_TESTS` below: what tests type that the bot is meant never to store (a message it
 *   does not understand, a tampered card), and the fixtures' people, who may never reach the store.
 */
import { Writable } from 'node:stream';
import { connectDatabase, type ConnectOptions } from '../../src/store/connect-database';
import { createLogger, type Logger } from '../../src/logger';
import { LEAD_OFFICER, PRACTITIONER } from './teams-activity';

/** What tests type or name that must never reach a log line, whether or not it was stored. */
export const TYPED_IN_TESTS: readonly string[] = [
  'Smith',
  'Child Secret',
  LEAD_OFFICER.name,
  PRACTITIONER.name,
  'jo.bloggs@nhs.scot',
  'Jo Bloggs',
];

/** Words the bot itself gives people in place of a name: not sensitive. */
const PLACEHOLDERS = [/^Someone$/, /^Former member \d+$/];

/** Shorter values (an initial, "A") would match ordinary words in a log line. */
const MIN_LENGTH = 5;

/** Every sensitive value the store at `options` holds, in any tenant. */
export async function sensitiveValuesInStore(options: ConnectOptions): Promise<string[]> {
  const { db } = connectDatabase(options);
  try {
    const columns = [
      db.selectFrom('people').select('display_name as v'),
      db.selectFrom('people').select('email as v'),
      db.selectFrom('reviews').select('subject_pseudonym as v'),
      db.selectFrom('reviews').select('reopen_reason as v'),
      db.selectFrom('meetings').select('title as v'),
      db.selectFrom('clock_pauses').select('note as v'),
      db.selectFrom('meetings').select('venue as v'),
      db.selectFrom('meetings').select('online_link as v'),
      db.selectFrom('improvement_actions').select('dropped_reason as v'),
      db.selectFrom('agencies').select('employee_assistance as v'),
      db.selectFrom('agencies').select('support_contact as v'),
      db.selectFrom('milestones').select('note as v'),
      db.selectFrom('report_submissions').select('text as v'),
      db.selectFrom('report_submissions').select('attachment_name as v'),
      db.selectFrom('improvement_actions').select('description as v'),
    ];
    const values: string[] = [];
    for (const query of columns)
      for (const row of await query.execute()) if (typeof row.v === 'string') values.push(row.v);
    return values;
  } finally {
    await db.destroy();
  }
}

export interface Leak {
  value: string;
  line: Record<string, unknown>;
}

/** The log lines holding any of `values` (e-mail addresses in any case), in any field or field name. */
export function leaksIn(lines: ReadonlyArray<Record<string, unknown>>, values: readonly string[]): Leak[] {
  const wanted = [...new Set(values.map((v) => v.trim()))].filter(
    (v) => v.length >= MIN_LENGTH && !PLACEHOLDERS.some((p) => p.test(v)),
  );
  const leaks: Leak[] = [];
  for (const line of lines) {
    const strings: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node === 'string') strings.push(node);
      else if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object')
        for (const [key, inner] of Object.entries(node)) {
          strings.push(key);
          walk(inner);
        }
    };
    walk(line);
    for (const value of wanted) {
      const found = value.includes('@')
        ? strings.some((s) => s.toLowerCase().includes(value.toLowerCase()))
        : strings.some((s) => s.includes(value));
      if (found) leaks.push({ value, line });
    }
  }
  return leaks;
}

/** Throws, naming each value and the line it was found in, when the log holds a sensitive value. */
export async function expectNothingSensitiveLogged(
  lines: ReadonlyArray<Record<string, unknown>>,
  store: ConnectOptions,
): Promise<void> {
  const leaks = leaksIn(lines, [...TYPED_IN_TESTS, ...(await sensitiveValuesInStore(store))]);
  if (leaks.length === 0) return;
  const described = leaks.map(({ value, line }) => `"${value}" in ${JSON.stringify(line)}`).join('\n');
  throw new Error(`The log holds ${leaks.length} sensitive value(s):\n${described}`);
}

/** A logger at `trace` whose lines are kept, parsed, for the scan. */
export function capturedLog(level = 'trace'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
