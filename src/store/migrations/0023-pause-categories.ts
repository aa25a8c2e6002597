/**
 * A clock pause has a category (criminal proceedings, a Fatal Accident Inquiry, another statutory
 * review, other: 001 §5, §7), which is all a shared view shows; the free text it had as its
 * `reason` becomes its optional `note`, for the review's members one to one.
 *
 * Existing pauses take the category their reason names ("criminal", "trial", "court": criminal
 * proceedings; "fatal accident", "FAI": a Fatal Accident Inquiry; "statutory", "inquiry", "review":
 * another statutory review), else `other`; each is audited by `system` with the category only.
 *
 * PostgreSQL renames and relaxes the column in place; SQLite rebuilds the table (it cannot drop a
 * NOT NULL), keeping its rows, columns and index.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';
import type { MigrationSettings } from '.';
import { type AuditRow, appendMigrationAudit, inOneTransaction, rebuildSqliteTable } from './migration-steps';

interface Tables {
  clock_pauses: { id: string; tenant_id: string; review_id: string; note: string | null; category: string };
  audit_log: AuditRow;
}

/** The category a pause's old reason names; the words are those people write for each. */
export function categoryOfReason(reason: string): string {
  const text = reason.toLowerCase();
  if (/fatal accident|\bfai\b/.test(text)) return 'fatal_accident_inquiry';
  if (/criminal|\btrial\b|\bcourt\b|prosecut|police investigation/.test(text)) return 'criminal_proceedings';
  if (/statutory|inquiry|\breview\b|investigation/.test(text)) return 'other_statutory_review';
  return 'other';
}

export function pauseCategories(engine: Engine, settings: MigrationSettings): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      if (engine === 'postgres') {
        await sql`ALTER TABLE clock_pauses RENAME COLUMN reason TO note`.execute(untyped);
        await sql`ALTER TABLE clock_pauses ALTER COLUMN note DROP NOT NULL`.execute(untyped);
      } else {
        await rebuildSqliteTable(untyped, 'clock_pauses', (create) =>
          create.replace(/"?reason"?\s+text\s+not\s+null/i, '"note" text'),
        );
      }
      await inOneTransaction(untyped, engine, async (db) => {
        await db.schema
          .alterTable('clock_pauses')
          .addColumn('category', 'text', (c) => c.notNull().defaultTo('other'))
          .execute();
        const typed = db as unknown as Kysely<Tables>;
        const pauses = await typed
          .selectFrom('clock_pauses')
          .select(['id', 'tenant_id', 'review_id', 'note'])
          .orderBy('id')
          .execute();
        const at = settings.now().toISOString();
        for (const pause of pauses) {
          const category = categoryOfReason(pause.note ?? '');
          await typed
            .updateTable('clock_pauses')
            .set({ category })
            .where('tenant_id', '=', pause.tenant_id)
            .where('id', '=', pause.id)
            .execute();
          await appendMigrationAudit(typed, {
            tenant_id: pause.tenant_id,
            occurred_at: at,
            actor: 'system',
            action: 'clock.categorised',
            entity_type: 'clock_pause',
            entity_id: pause.id,
            review_id: pause.review_id,
            before_json: null,
            after_json: JSON.stringify({ category }),
          });
        }
      });
    },
  };
}
