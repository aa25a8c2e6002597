/**
 * Fills a store with synthetic reviews spread over several tenants: each review with members, a
 * meeting, agency report requests and a reminder with deliveries, most of them long settled and
 * a few due now, roughly as a busy multi-committee deployment would look after some years.
 * Rows are inserted in bulk (not through the repositories, which write an audit entry per change)
 * so that 50,000 reviews take seconds.
 *
 * CLI: npx tsx bench/generate-reviews.ts --reviews=50000 [--tenants=10] [--due-every=250] [--history-only] [--sqlite-path=…] [--database-url=…]
 */
import type { Insertable, Kysely } from 'kysely';
import { connectDatabase } from '../src/store/connect-database';
import type { Database } from '../src/store/database-schema';
import { migrateDatabase } from '../src/store/migrate-database';

export const BENCH_NOW = new Date('2026-11-24T09:00:00.000Z');
export const tenantIdOf = (t: number) => `bench-tenant-${String(t).padStart(2, '0')}`;

const STATUSES = [
  'closed',
  'closed',
  'closed',
  'improvement',
  'in_review',
  'decision_stage',
  'cancelled',
  'closed',
] as const;
const HISTORY_STATUSES = ['closed', 'closed', 'closed', 'cancelled', 'closed', 'closed', 'closed', 'closed'] as const;
const BATCH = 500;

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

type Rows = { [T in keyof Database]: Insertable<Database[T]>[] };

function emptyRows(): Rows {
  return {
    committees: [],
    committee_days_off: [],
    reviews: [],
    clock_pauses: [],
    milestones: [],
    agencies: [],
    people: [],
    review_members: [],
    committee_members: [],
    meetings: [],
    invitations: [],
    report_requests: [],
    report_submissions: [],
    conversation_references: [],
    outbox_reminders: [],
    outbox_deliveries: [],
    improvement_actions: [],
    audit_log: [],
    turn_state: [],
    inbound_activities: [],
    committee_schedules: [],
    erased_people: [],
    retention_settings: [],
    retention_applied: [],
  };
}

/** Parent tables first, so foreign keys hold at every insert. */
const ORDER: (keyof Database)[] = [
  'committees',
  'committee_days_off',
  'agencies',
  'people',
  'committee_members',
  'reviews',
  'review_members',
  'meetings',
  'invitations',
  'report_requests',
  'milestones',
  'outbox_reminders',
  'outbox_deliveries',
];

async function flush(db: Kysely<Database>, rows: Rows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ORDER) {
      const list = rows[table] as Insertable<Database[typeof table]>[];
      for (let i = 0; i < list.length; i += BATCH)
        await trx
          .insertInto(table)
          .values(list.slice(i, i + BATCH))
          .execute();
      list.length = 0;
    }
  });
}

export async function generateReviews(
  db: Kysely<Database>,
  options: {
    reviews: number;
    tenants: number;
    dueEvery?: number;
    now?: Date;
    /** Only closed and cancelled reviews: a committee's history, with no open review. */
    historyOnly?: boolean;
  },
): Promise<void> {
  const statuses = options.historyOnly ? HISTORY_STATUSES : STATUSES;
  const now = (options.now ?? BENCH_NOW).getTime();
  const at = iso(now);
  const rows = emptyRows();
  const perTenant = Math.ceil(options.reviews / options.tenants);

  for (let t = 0; t < options.tenants; t += 1) {
    const tenant = tenantIdOf(t);
    rows.committees.push({
      tenant_id: tenant,
      name: `Committee ${t}`,
      time_zone: 'Europe/London',
      holiday_region: 'scotland',
      reminder_time: '09:00',
      calendar_version: 0,
      created_at: at,
      updated_at: at,
    });
    rows.committee_members.push({
      tenant_id: tenant,
      person_id: `${tenant}-person-1`,
      role: 'committee_chair',
      created_at: at,
    });
    for (let a = 0; a < 5; a += 1)
      rows.agencies.push({ id: `${tenant}-agency-${a}`, tenant_id: tenant, name: `Agency ${a}`, created_at: at });
    for (let p = 0; p < 50; p += 1) {
      rows.people.push({
        id: `${tenant}-person-${p}`,
        tenant_id: tenant,
        teams_user_id: `29:${tenant}-${p}`,
        aad_object_id: `${tenant}-aad-${p}`,
        display_name: `Person ${p}`,
        email: null,
        created_at: at,
        updated_at: at,
      });
    }
    await flush(db, rows);

    for (let i = 0; i < perTenant && t * perTenant + i < options.reviews; i += 1) {
      const id = `${tenant}-review-${i}`;
      const status = statuses[i % statuses.length];
      const year = 2019 + (i % 8);
      const notified = now - ((perTenant - i) / perTenant) * 7 * 365 * DAY;
      const person = (k: number) => `${tenant}-person-${(i + k) % 50}`;
      rows.reviews.push({
        id,
        tenant_id: tenant,
        reference: `LR-${year}-${String(Math.floor(i / 8) + 1).padStart(4, '0')}`,
        reference_year: year,
        reference_number: Math.floor(i / 8) + 1,
        kind: i % 2 ? 'CP' : 'ASP',
        status,
        subject_pseudonym: `Child ${i % 26}`,
        notified_at: iso(notified),
        decision_template_id: 'decision-stage',
        review_template_id: status === 'decision_stage' ? null : 'tier-2-3',
        decision_outcome: null,
        decided_at: null,
        closed_at: status === 'closed' || status === 'cancelled' ? iso(notified + 200 * DAY) : null,
        created_at: at,
        updated_at: at,
      });
      rows.review_members.push(
        {
          tenant_id: tenant,
          review_id: id,
          person_id: person(0),
          role: 'lead_officer',
          agency_id: null,
          created_at: at,
        },
        {
          tenant_id: tenant,
          review_id: id,
          person_id: person(1),
          role: 'review_team_chair',
          agency_id: null,
          created_at: at,
        },
      );
      const meetingId = `${id}-meeting`;
      rows.meetings.push({
        id: meetingId,
        tenant_id: tenant,
        review_id: id,
        kind: 'consideration_meeting',
        title: 'Consideration Meeting',
        step_id: null,
        starts_at: iso(notified + 40 * DAY),
        ends_at: null,
        scheduled_at: iso(notified),
        starts_at_set_at: iso(notified),
        status: 'held',
        status_set_at: iso(notified + 40 * DAY),
        chair_person_id: person(1),
        created_at: at,
        updated_at: at,
      });
      rows.invitations.push({
        tenant_id: tenant,
        meeting_id: meetingId,
        person_id: person(2),
        invited_at: iso(notified),
        response: 'attending',
        responded_at: iso(notified + DAY),
      });
      for (let r = 0; r < 2; r += 1) {
        rows.report_requests.push({
          id: `${id}-request-${r}`,
          tenant_id: tenant,
          review_id: id,
          agency_id: `${tenant}-agency-${(i + r) % 5}`,
          author_person_id: person(3 + r),
          senior_manager_person_id: null,
          requested_at: iso(notified + DAY),
          due_on: iso(notified + 21 * DAY).slice(0, 10),
          due_on_set_at: iso(notified + DAY),
          status: 'submitted',
          submitted_at: iso(notified + 20 * DAY),
          created_at: at,
          updated_at: at,
        });
      }
      rows.milestones.push({
        tenant_id: tenant,
        review_id: id,
        step_id: 'notification-acknowledged',
        completed_at: iso(notified + DAY),
        skipped: 0,
        note: null,
        updated_at: at,
      });
      // One reminder per review; one in `dueEvery` (default 250) still waiting to go out now.
      const reminderId = `${id}-reminder`;
      const dueNow = i % (options.dueEvery ?? 250) === 0;
      const dueAt = dueNow ? now - 60_000 : notified + 35 * DAY;
      rows.outbox_reminders.push({
        id: reminderId,
        tenant_id: tenant,
        idempotency_key: `deadline42:${id}:d-7`,
        review_id: id,
        rule: 'deadline42.days-left',
        subject_type: 'review',
        subject_id: id,
        occasion: 'd-7',
        due_at: iso(dueAt),
        severity: 'warning',
        facts_json: '{}',
        created_at: at,
      });
      for (const [k, role] of (['lead_officer', 'committee_chair'] as const).entries()) {
        const settled = !dueNow;
        rows.outbox_deliveries.push({
          id: `${reminderId}-${role}`,
          tenant_id: tenant,
          reminder_id: reminderId,
          recipient_key: person(k),
          recipient_role: role,
          recipient_person_id: person(k),
          status: settled ? (i % 97 === 0 ? 'unreachable' : 'sent') : 'pending',
          attempts: settled ? 1 : 0,
          next_attempt_at: iso(dueAt),
          last_attempt_at: settled ? iso(dueAt) : null,
          last_error: null,
          claimed_by: null,
          sent_at: settled ? iso(dueAt) : null,
          created_at: at,
          updated_at: at,
          lease_expires_at: null,
          send_started_at: null,
          conversation_id: null,
          activity_id: null,
        });
      }
      if (rows.reviews.length >= 2_000) await flush(db, rows);
    }
    await flush(db, rows);
  }
}

async function main(): Promise<void> {
  const arg = (name: string) =>
    process.argv
      .find((a) => a.startsWith(`--${name}=`))
      ?.split('=')
      .slice(1)
      .join('=');
  const { db, engine } = connectDatabase({
    databaseUrl: arg('database-url') ?? process.env.DATABASE_URL,
    sqlitePath: arg('sqlite-path') ?? './data/bench.sqlite',
  });
  try {
    await migrateDatabase(db, engine);
    const started = performance.now();
    const reviews = Number(arg('reviews') ?? 50_000);
    await generateReviews(db, {
      reviews,
      tenants: Number(arg('tenants') ?? 10),
      dueEvery: Number(arg('due-every') ?? 250),
      historyOnly: process.argv.includes('--history-only'),
    });
    process.stdout.write(
      `${engine}: generated ${reviews} reviews in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
