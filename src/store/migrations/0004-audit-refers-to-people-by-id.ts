/**
 * The audit trail refers to people by their id; their names and contact details live only in the
 * people table, where a later change can correct or erase them. Entries written before this
 * recorded a person's name, e-mail and Teams ids when the person was added or changed: they are
 * rewritten once, to the person's id (and, for a change, the names of the fields that changed). An
 * actor written as an e-mail address or a Teams id becomes the id of the person it names.
 *
 * The audit is append-only, so the database's guard is lifted for this rewrite alone, inside one
 * transaction, and put back. The rewrite is itself audited: one entry per committee, by `system`,
 * saying how many entries it rewrote. Table shapes are written out here so that this migration
 * stays as it is when the code moves on.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';
import type { MigrationSettings } from '.';
import { type AuditRow, appendMigrationAudit, inOneTransaction } from './migration-steps';

interface Tables {
  audit_log: AuditRow & { id: number | string };
  people: {
    id: string;
    tenant_id: string;
    email: string | null;
    aad_object_id: string | null;
    teams_user_id: string | null;
  };
}

/** Fields that name or reach a person: never kept in the audit. */
const PERSONAL = new Set(['displayName', 'email', 'teamsUserId', 'aadObjectId']);

export function auditRefersToPeopleById(engine: Engine, settings: MigrationSettings): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await inOneTransaction(untyped, engine, async (db) => {
        await rewrite(db as unknown as Kysely<Tables>, engine, settings.now());
      });
    },
  };
}

interface Rewrite {
  id: number | string;
  tenantId: string;
  actor: string;
  before: string | null;
  after: string | null;
}

async function rewrite(db: Kysely<Tables>, engine: Engine, at: Date): Promise<void> {
  const people = await db.selectFrom('people').selectAll().execute();
  const personIds = new Set(people.map((p) => `${p.tenant_id}\u0000${p.id}`));
  const byDetail = new Map<string, string>();
  for (const person of people) {
    for (const detail of [person.email?.toLowerCase(), person.aad_object_id, person.teams_user_id]) {
      if (detail) byDetail.set(`${person.tenant_id}\u0000${detail}`, person.id);
    }
  }
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  const rewrites: Rewrite[] = [];
  for (const row of rows) {
    const actor =
      row.actor === 'system' || personIds.has(`${row.tenant_id}\u0000${row.actor}`)
        ? row.actor
        : (byDetail.get(`${row.tenant_id}\u0000${row.actor}`) ??
          byDetail.get(`${row.tenant_id}\u0000${row.actor.toLowerCase()}`) ??
          row.actor);
    const [before, after] = rewrittenStates(row);
    if (actor !== row.actor || before !== row.before_json || after !== row.after_json)
      rewrites.push({ id: row.id, tenantId: row.tenant_id, actor, before, after });
  }
  if (rewrites.length === 0) return;

  await allowAuditUpdates(db, engine, true);
  for (const change of rewrites) {
    await db
      .updateTable('audit_log')
      .set({ actor: change.actor, before_json: change.before, after_json: change.after })
      .where('id', '=', change.id)
      .execute();
  }
  await allowAuditUpdates(db, engine, false);

  const perTenant = new Map<string, number>();
  for (const change of rewrites) perTenant.set(change.tenantId, (perTenant.get(change.tenantId) ?? 0) + 1);
  for (const [tenantId, entriesRewritten] of perTenant) {
    await appendMigrationAudit(db, {
      tenant_id: tenantId,
      occurred_at: at.toISOString(),
      actor: 'system',
      action: 'audit.people_referred_to_by_id',
      entity_type: 'audit_log',
      entity_id: tenantId,
      review_id: null,
      before_json: null,
      after_json: JSON.stringify({ entriesRewritten }),
    });
  }
}

/** The entry's before and after, with people referred to by id only. */
function rewrittenStates(row: AuditRow): [string | null, string | null] {
  const before = parse(row.before_json);
  const after = parse(row.after_json);
  if (row.entity_type === 'person' && row.action === 'person.added')
    return [row.before_json, JSON.stringify({ id: row.entity_id })];
  if (row.entity_type === 'person' && row.action === 'person.updated') {
    const was = isRecord(before) ? before : {};
    const is = isRecord(after) ? after : {};
    const changed = Object.keys(is).filter(
      (key) => key !== 'id' && JSON.stringify(is[key]) !== JSON.stringify(was[key]),
    );
    return [JSON.stringify({ id: row.entity_id }), JSON.stringify({ id: row.entity_id, changed })];
  }
  return [scrubbed(row.before_json, before), scrubbed(row.after_json, after)];
}

function scrubbed(json: string | null, value: unknown): string | null {
  if (json === null) return null;
  const clean = withoutPersonalFields(value);
  return JSON.stringify(clean) === JSON.stringify(value) ? json : JSON.stringify(clean);
}

function withoutPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalFields);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !PERSONAL.has(key))
      .map(([key, inner]) => [key, withoutPersonalFields(inner)]),
  );
}

function parse(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lifts or restores migration 0002's guard against changing audit entries (never deleting them). */
async function allowAuditUpdates(db: Kysely<Tables>, engine: Engine, allow: boolean): Promise<void> {
  if (engine === 'postgres') {
    await sql.raw(`ALTER TABLE audit_log ${allow ? 'DISABLE' : 'ENABLE'} TRIGGER audit_log_append_only`).execute(db);
  } else if (allow) {
    await sql.raw('DROP TRIGGER audit_log_no_update').execute(db);
  } else {
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      )
      .execute(db);
  }
}
