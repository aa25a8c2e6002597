/**
 * How values are written so that SQLite and PostgreSQL store and compare them the same way.
 *
 * - Instants: ISO-8601 UTC text with milliseconds, always 24 characters (`2026-11-24T09:30:00.000Z`).
 *   Text order is time order, so range queries and indexes on due columns work on both engines,
 *   and a dump reads naturally. Validation keeps years within 2000–2199, where the width is fixed.
 * - Calendar dates of the committee: `YYYY-MM-DD` text.
 * - Booleans: integer 0/1. JSON: text. Ids: text (random UUIDs).
 * - A fixed LIMIT: written into the SQL (`atMost`), not bound.
 */
import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';

export type InstantText = string;

export const toInstantText = (instant: Date): InstantText => instant.toISOString();
export const fromInstantText = (text: InstantText): Date => new Date(text);
export const fromNullableInstantText = (text: InstantText | null): Date | null =>
  text === null ? null : new Date(text);
export const toNullableInstantText = (instant: Date | null | undefined): InstantText | null =>
  instant ? instant.toISOString() : null;

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | string | boolean): boolean => Number(value) === 1 || value === true;

export const newId = (): string => randomUUID();

/** UTF-8 size of a value once serialised, for the byte limits on JSON columns. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/**
 * A fixed LIMIT, written into the SQL rather than bound as a parameter. SQLite runs a statement whose
 * LIMIT is a bound parameter some 25 µs slower (measured on an empty table), which is most of what a
 * small indexed read costs; the number is the code's own, never a caller's.
 */
export const atMost = (rows: number): RawBuilder<number> => {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new RangeError(`A limit is a whole number of rows, not ${rows}.`);
  return sql.lit(rows);
};
