/**
 * `npm run retention`: a committee's retention period for closed and cancelled reviews (none by
 * default: nothing is ever removed until a committee sets one).
 *
 *   npm run retention -- --set-days 2555 --tenant <tenant id>   sets the period (a new one needs a new dry run)
 *   npm run retention -- --clear --tenant <tenant id>           no period: nothing is removed
 *   npm run retention -- --dry-run [--tenant <tenant id>]       what would be removed now, changing nothing;
 *                                                               prints the confirmation for a first run
 *   npm run retention -- --confirm RET-...                      the first real run, as that dry run listed it
 *   npm run retention                                           applies every confirmed period now (the
 *                                                               service's tick does this by itself)
 *
 * It prints references, kinds, dates and counts: never a pseudonym, a name or any content.
 */
// The same .env the bot reads, so the command works on the bot's own store.
import 'dotenv/config';
import { withScriptStore } from './script-store';
import { DateTime } from 'luxon';
import {
  DRY_RUN_VALID_MS,
  MAX_RETENTION_DAYS,
  NotFoundError,
  type RetentionCandidate,
  type RetentionSetting,
  type Store,
} from '../src/store';

const USAGE = [
  'Usage: npm run retention -- --set-days <days> --tenant <tenant id>',
  '       npm run retention -- --clear --tenant <tenant id>',
  '       npm run retention -- --dry-run [--tenant <tenant id>]',
  '       npm run retention -- --confirm <confirmation from the dry run>',
  '       npm run retention',
].join('\n');

type Arguments =
  | { action: 'set'; days: number | null; tenant: string }
  | { action: 'dry-run'; tenant: string | null }
  | { action: 'confirm'; token: string }
  | { action: 'run' };

function parseArguments(argv: string[]): Arguments | string {
  const named = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const option = argv[i];
    if (['--dry-run', '--clear'].includes(option)) named.set(option, true);
    else if (['--set-days', '--tenant', '--confirm'].includes(option)) {
      const value = argv[(i += 1)];
      if (value === undefined || value.startsWith('--')) return `${option} needs a value.\n${USAGE}`;
      named.set(option, value);
    } else return `"${option}" is not an option of npm run retention.\n${USAGE}`;
  }
  const tenant = named.get('--tenant');
  const tenantId = typeof tenant === 'string' ? tenant : null;
  const actions = ['--set-days', '--clear', '--dry-run', '--confirm'].filter((o) => named.has(o));
  if (actions.length > 1) return `Give one of ${actions.join(', ')} at a time.\n${USAGE}`;
  if (named.has('--set-days') || named.has('--clear')) {
    if (tenantId === null) return `Say which committee with --tenant <tenant id>.\n${USAGE}`;
    if (named.has('--clear')) return { action: 'set', days: null, tenant: tenantId };
    const days = Number(named.get('--set-days'));
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
      return `--set-days takes a whole number of days from 1 to ${MAX_RETENTION_DAYS}.\n${USAGE}`;
    return { action: 'set', days, tenant: tenantId };
  }
  if (named.has('--dry-run')) return { action: 'dry-run', tenant: tenantId };
  const token = named.get('--confirm');
  if (typeof token === 'string') {
    if (tenantId !== null) return `--confirm needs no --tenant: the confirmation names its committee.\n${USAGE}`;
    return { action: 'confirm', token };
  }
  if (tenantId !== null) return `--tenant goes with --set-days, --clear or --dry-run.\n${USAGE}`;
  return { action: 'run' };
}

const print = (line = '') => process.stdout.write(`${line}\n`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function periodWords(days: number): string {
  const years = Math.round(days / 365.25);
  return days >= 365 ? `${plural(days, 'day')} (about ${plural(years, 'year')})` : plural(days, 'day');
}

async function describeCandidate(store: Store, tenantId: string, c: RetentionCandidate): Promise<string> {
  const zone = (await store.committees.calendarOf(tenantId)).timeZone;
  const closed = DateTime.fromJSDate(c.closedAt, { zone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
  const kind = c.kind === 'CP' ? 'Child Protection' : 'Adult Support and Protection';
  const r = c.removes;
  return `    - ${c.reference} (${kind}, ${c.status} ${closed}): ${[
    plural(r.reportSubmissions, 'report submission'),
    plural(r.notes, 'note'),
    plural(r.answers, 'answer'),
    plural(r.peopleLinks, 'link to a person', 'links to people'),
    plural(r.reminders, 'reminder'),
  ].join(', ')}`;
}

async function dryRun(store: Store, tenant: string | null): Promise<number> {
  const committees = (await store.committees.list()).filter((c) => tenant === null || c.tenantId === tenant);
  if (committees.length === 0) {
    print(
      tenant === null ? 'No committee has used the bot yet: nothing to remove.' : `No committee ${tenant} is known.`,
    );
    return tenant === null ? 0 : 1;
  }
  for (const { tenantId } of committees) {
    const setting = await store.retention.get(tenantId);
    if (!setting || setting.days === null) {
      print(`Committee ${tenantId}: no retention period is set, so nothing is removed.`);
      continue;
    }
    const { token, candidates } = await store.retention.dryRun(tenantId);
    print(
      `Committee ${tenantId}: keeps closed and cancelled reviews for ${periodWords(setting.days)} after they close${
        setting.confirmedAt ? '' : '; its first run is not confirmed yet'
      }.`,
    );
    print(
      `  Would empty ${plural(candidates.length, 'review')} now, keeping each reference, kind, dates and decision:`,
    );
    for (const c of candidates) print(await describeCandidate(store, tenantId, c));
    if (setting.confirmedAt) {
      print("  The service's tick removes these by itself: there is nothing to confirm.");
    } else {
      print(
        `  To remove them, run within ${DRY_RUN_VALID_MS / 3_600_000} hours: npm run retention -- --confirm ${token}`,
      );
      print('  From then on the service removes what passes the period by itself.');
    }
  }
  return 0;
}

async function confirm(store: Store, token: string): Promise<number> {
  try {
    const run = await store.retention.confirm(token);
    print(`Committee ${run.tenantId}: emptied ${plural(run.applied.length, 'review')}.`);
    for (const c of run.applied) print(await describeCandidate(store, run.tenantId, c));
    print("From now on the service's tick applies the retention period by itself.");
    return 0;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    process.stderr.write(
      'That confirmation is not known: it may have expired (a dry run confirms for 24 hours), or the period changed since. Run npm run retention -- --dry-run again.\n',
    );
    return 1;
  }
}

async function runNow(store: Store): Promise<number> {
  const set: RetentionSetting[] = await store.retention.listSet();
  if (set.length === 0) print('No committee has set a retention period: nothing is removed.');
  for (const setting of set) {
    const run = await store.retention.apply(setting.tenantId, new Date());
    if (!run.confirmed) {
      print(
        `Committee ${setting.tenantId}: waiting for its first run to be confirmed. Run npm run retention -- --dry-run --tenant ${setting.tenantId}.`,
      );
      continue;
    }
    print(`Committee ${setting.tenantId}: emptied ${plural(run.applied.length, 'review')}.`);
    for (const c of run.applied) print(await describeCandidate(store, setting.tenantId, c));
  }
  return 0;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  return withScriptStore(async ({ store }) => {
    if (args.action === 'set') {
      if (!(await store.committees.get(args.tenant))) {
        process.stderr.write(`No committee ${args.tenant} has used the bot yet.\n`);
        return 1;
      }
      const setting = await store.retention.setPeriod(args.tenant, 'system', args.days);
      print(
        setting.days === null
          ? `Committee ${args.tenant}: no retention period; nothing will be removed.`
          : `Committee ${args.tenant}: closed and cancelled reviews are kept for ${periodWords(setting.days)} after they close. Nothing is removed until a dry run's confirmation: npm run retention -- --dry-run --tenant ${args.tenant}.`,
      );
      return 0;
    }
    if (args.action === 'dry-run') return await dryRun(store, args.tenant);
    if (args.action === 'confirm') return await confirm(store, args.token);
    return await runNow(store);
  });
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`npm run retention failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
