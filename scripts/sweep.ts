/**
 * `npm run sweep`: sweeps every committee now (what the engine says is due is queued under its
 * idempotency keys, so nothing already queued is queued again), queues the weekly digest if its
 * time has come, drains the outbox once through the real messenger, prints what it did and exits.
 *
 * `npm run sweep -- --dry-run [--at 2026-12-01T09:00]` changes nothing: it prints what that run
 * would queue and send at that instant (read in each committee's own zone; now by default), to
 * whom (role and name) and why (the rule, the occasion, the counts), and what is already queued.
 */
// The same .env the bot reads, so the sweep works on the bot's own store and credentials.
import 'dotenv/config';
import { withScriptStore } from './script-store';
import { DateTime } from 'luxon';
import { type Calendar, minutesOfTime, type ReminderIntent, ROLE_LABELS } from '../src/domain';
import { createAdapter } from '../src/bot/create-bot';
import {
  type SweepOptions,
  sweepCommittee,
  sweepVerdict,
  tickOversightDigest,
  tickWeeklyDigest,
  type TickSummary,
} from '../src/scheduler/committee-sweeps';
import { latestDigestTime, planWeeklyDigest } from '../src/scheduler/weekly-digests';
import { createSender } from '../src/start-service';
import type { Store } from '../src/store';

const USAGE = 'Usage: npm run sweep [-- --dry-run [--at 2026-12-01T09:00]]';

interface Arguments {
  dryRun: boolean;
  at: string | null;
}

function parseArguments(argv: string[]): Arguments | string {
  const args: Arguments = { dryRun: false, at: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--dry-run') args.dryRun = true;
    else if (argv[i] === '--at') {
      const value = argv[(i += 1)];
      if (value === undefined) return `--at needs a local date and time, such as 2026-12-01T09:00.\n${USAGE}`;
      args.at = value;
    } else return `"${argv[i]}" is not an option of the sweep.\n${USAGE}`;
  }
  if (args.at !== null && !args.dryRun)
    return `--at goes with --dry-run only: a real sweep sends what is due now, never what falls due later.\n${USAGE}`;
  return args;
}

/** `--at` in the committee's zone, or null when it is not a date and time. */
function instantIn(text: string, calendar: Calendar): Date | null {
  const local = DateTime.fromISO(text, { zone: calendar.timeZone });
  return local.isValid && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text) ? local.toJSDate() : null;
}

const inWords = (instant: Date, calendar: Calendar) =>
  DateTime.fromJSDate(instant, { zone: calendar.timeZone }).setLocale('en-GB').toFormat("cccc d LLLL yyyy 'at' HH:mm");

const ROLE_NAMES: Readonly<Record<string, string>> = ROLE_LABELS;
const roleName = (role: string) => ROLE_NAMES[role] ?? role.replace(/_/g, ' ');
/** Facts that say why and how much: everything but the review's own reference, pseudonym and kind. */
const why = (facts: ReminderIntent['facts']) =>
  Object.entries(facts)
    .filter(([name, value]) => !['reference', 'subjectPseudonym', 'reviewKind'].includes(name) && value !== null)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');

async function dryRun(store: Store, options: SweepOptions & Required<Pick<SweepOptions, 'digest'>>, at: string | null) {
  const print = (line = '') => process.stdout.write(`${line}\n`);
  const names = new Map<string, string>();
  const nameOf = async (tenantId: string, personId: string | null) => {
    if (personId === null) return 'nobody holds this role';
    if (!names.has(personId)) names.set(personId, (await store.people.get(tenantId, personId)).displayName);
    return names.get(personId)!;
  };
  const recipients = async (tenantId: string, audience: ReminderIntent['audience']) =>
    (await Promise.all(audience.map(async (a) => `${roleName(a.role)} ${await nameOf(tenantId, a.personId)}`))).join(
      '; ',
    );

  const committees = await store.committees.list();
  if (committees.length === 0) print('No committee has used the bot yet: nothing to sweep.');
  for (const { tenantId, reminderTime } of committees) {
    const calendar = await options.calendarFor(tenantId);
    const now = at === null ? new Date() : instantIn(at, calendar);
    if (now === null) {
      process.stderr.write(`--at expects a local date and time such as 2026-12-01T09:00, not "${at}".\n`);
      return 2;
    }
    print(`Committee ${tenantId} (${calendar.timeZone}), ${inWords(now, calendar)}`);
    const minutes = minutesOfTime(reminderTime);
    const verdict = sweepVerdict(calendar, now, minutes, await store.schedules.lastRun(tenantId, 'reminder-sweep'));
    const last = verdict.lastRun ? `last swept ${inWords(verdict.lastRun, calendar)}` : 'never swept';
    print(
      `  The service's tick: ${
        verdict.due
          ? `would sweep now (${last})`
          : verdict.reason === 'made-up-at-reminder-time'
            ? `would sweep at ${inWords(verdict.at, calendar)} (${last})`
            : `would not sweep (${last})`
      }; npm run sweep sweeps whenever it is run.`,
    );

    const sweep = await sweepCommittee(options, tenantId, now, false);
    const fresh: ReminderIntent[] = [];
    const queued: string[] = [];
    for (const intent of sweep.due) {
      const stored = await store.outbox.get(tenantId, intent.key);
      if (!stored) fresh.push(intent);
      else
        queued.push(
          `    - ${String(intent.facts.reference)} ${intent.rule} (${intent.occasion}): ${stored.deliveries
            .map((d) => `${roleName(d.recipient.role)} ${d.status}${d.sentAt ? ` ${inWords(d.sentAt, calendar)}` : ''}`)
            .join('; ')}`,
        );
    }
    print(`  Would queue and send ${fresh.length} reminder${fresh.length === 1 ? '' : 's'}:`);
    for (const intent of fresh) {
      print(`    - ${String(intent.facts.reference)} ${intent.rule} (${intent.occasion})`);
      print(`      to ${await recipients(tenantId, intent.audience)}`);
      print(`      because ${why(intent.facts) || 'it is due'}`);
    }
    print(`  Already queued, not queued again: ${queued.length}`);
    for (const line of queued) print(line);

    const waiting = (await store.outbox.due(now, 1_000)).filter((d) => d.tenantId === tenantId);
    print(`  Waiting in the outbox, would be sent: ${waiting.length}`);
    for (const d of waiting) {
      print(
        `    - ${String(d.reminder.facts.reference ?? 'weekly digest')} ${d.reminder.rule} (${d.reminder.occasion}) to ${roleName(
          d.recipient.role,
        )} ${await nameOf(tenantId, d.recipient.personId)}`,
      );
    }

    const digestAt = latestDigestTime(calendar, now, options.digest.schedule);
    const lastDigest = await store.schedules.lastRun(tenantId, 'weekly-digest');
    if (lastDigest !== null && lastDigest >= digestAt) {
      print(`  Weekly digest: the one for ${inWords(digestAt, calendar)} is queued already.`);
    } else if (lastDigest === null) {
      print('  Weekly digest: none sent yet; the first goes out at the next digest time.');
    } else {
      const plan = await planWeeklyDigest(store, calendar, options.digest, tenantId, digestAt);
      print(
        plan.message
          ? `  Weekly digest for ${inWords(digestAt, calendar)}, ${plan.openReviews} open review${plan.openReviews === 1 ? '' : 's'}, to ${await recipients(tenantId, plan.message.audience)}`
          : '  Weekly digest: none this week (no open review, or nobody to send it to).',
      );
    }
    print();
  }
  return 0;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  return withScriptStore(async ({ config, logger, engine, store }) => {
    const calendarFor = (tenantId: string) => store.committees.calendarOf(tenantId);
    const options = {
      store,
      engine,
      calendarFor,
      logger,
      digest: { schedule: config.schedules.weeklyDigest, leadOfficers: config.leadOfficers },
    };
    if (args.dryRun) return await dryRun(store, options, args.at);

    const now = new Date();
    const summary: TickSummary = { committees: 0, swept: [], digests: [], oversight: [], retention: [] };
    for (const { tenantId } of await store.committees.list()) {
      const sweep = await sweepCommittee(options, tenantId, now);
      await store.schedules.recordRun(tenantId, 'reminder-sweep', now);
      await tickWeeklyDigest(options, options.digest, tenantId, now, summary);
      await tickOversightDigest(options, tenantId, now, summary);
      summary.committees += 1;
      process.stdout.write(
        `Committee ${tenantId}: ${sweep.due.length} due, ${sweep.queued} newly queued${sweep.failures ? `, ${sweep.failures} reviews skipped (see the log)` : ''}.\n`,
      );
    }
    for (const digest of summary.digests)
      process.stdout.write(`Committee ${digest.tenantId}: weekly digest queued for ${digest.recipients} people.\n`);
    for (const digest of summary.oversight)
      process.stdout.write(
        `Committee ${digest.tenantId}: the Sub-group's quarterly digest queued for ${digest.recipients} people.\n`,
      );
    // The adapter alone: the sweep sends, and takes no turns.
    const bot = { adapter: createAdapter(config.bot) };
    const { sender, close } = await createSender({
      config,
      store,
      engine,
      bot,
      logger,
      calendarFor,
      now: () => new Date(),
    });
    try {
      const sent = await sender.drain();
      process.stdout.write(
        `Sent ${sent.sent}; superseded ${sent.superseded}; unreachable ${sent.unreachable}; to retry ${sent.retrying}; given up ${sent.failed}.\n`,
      );
      if (!sender.health().canSend) {
        process.stderr.write(
          'The bot could not authenticate to Teams: check BOT_ID, BOT_PASSWORD and BOT_TENANT_ID.\n',
        );
        return 1;
      }
      return 0;
    } finally {
      await close();
    }
  });
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`The sweep failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
