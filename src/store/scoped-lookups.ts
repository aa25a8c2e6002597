/**
 * Reads by id that are always scoped to one tenant. A row of another tenant is reported exactly
 * like a missing one, so ids sent by one organisation reveal nothing about another's data.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import type { Executor } from './store-context';
import { NotFoundError } from './store-errors';

export function orNotFound<T>(row: T | undefined, entity: string, id: string): T {
  if (row === undefined) throw new NotFoundError(entity, id);
  return row;
}

/** Tables whose rows have their own `id` beside `tenant_id`. */
type TenantTable = {
  [T in keyof Database]: Database[T] extends { id: string; tenant_id: string } ? T : never;
}[keyof Database];

/** One row by id within the tenant, or NotFound naming the entity as a person would. */
export async function requireRow<T extends TenantTable>(
  db: Executor,
  table: T,
  tenantId: string,
  id: string,
  entity: string,
  forUpdate = false,
): Promise<Selectable<Database[T]>> {
  // Kysely cannot type a query over "any table with these columns"; the signature restores the row type.
  type Keyed = { keyed: { id: string; tenant_id: string } };
  const row = await (db as unknown as Kysely<Keyed>)
    .selectFrom(table as unknown as 'keyed')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst();
  return orNotFound(row as Selectable<Database[T]> | undefined, entity, id);
}

/**
 * The review row, locked for the rest of the transaction on PostgreSQL so that checks such as
 * "no overlapping pause" hold under concurrency. (SQLite transactions already hold the write lock.)
 */
export function lockReview(db: Executor, engine: Engine, tenantId: string, reviewId: string) {
  return requireReview(db, tenantId, reviewId, engine === 'postgres');
}

/** The review row, without a lock: enough where a unique index guards the invariant. */
export function requireReview(db: Executor, tenantId: string, reviewId: string, forUpdate = false) {
  return requireRow(db, 'reviews', tenantId, reviewId, 'review', forUpdate);
}

/** Every non-null person id must belong to the tenant. */
export async function requirePeople(
  db: Executor,
  tenantId: string,
  personIds: (string | null | undefined)[],
): Promise<void> {
  const wanted = [...new Set(personIds.filter((p): p is string => typeof p === 'string'))];
  if (wanted.length === 0) return;
  const found = await db
    .selectFrom('people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', wanted)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = wanted.find((p) => !known.has(p));
  if (missing !== undefined) throw new NotFoundError('person', missing);
}

export async function requireAgency(
  db: Executor,
  tenantId: string,
  agencyId: string | null | undefined,
): Promise<void> {
  if (agencyId !== null && agencyId !== undefined) await requireRow(db, 'agencies', tenantId, agencyId, 'agency');
}
