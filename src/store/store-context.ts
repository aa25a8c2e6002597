/** What every repository is built from: the database, which engine it is, and the injected clock. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';

export interface StoreContext {
  db: Kysely<Database>;
  engine: Engine;
  now: () => Date;
}

/** Either the database or a transaction on it: read helpers accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
