/**
 * What every repository is built from: the database, which engine it is, the injected clock and,
 * when the caller gave them, the ids of the process templates it loaded.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';

export interface StoreContext {
  db: Kysely<Database>;
  engine: Engine;
  now: () => Date;
  knownTemplateIds?: ReadonlySet<string>;
}

/** Either the database or a transaction on it: read helpers accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
