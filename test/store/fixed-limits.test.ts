/**
 * A fixed LIMIT is written into the SQL, on both engines, and only a whole number can be.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteQueryCompiler,
} from 'kysely';
import type { Database } from '../../src/store/database-schema';
import { atMost } from '../../src/store/portable-values';

const compilerOnly = (engine: 'sqlite' | 'postgres') =>
  new Kysely<Database>({
    dialect: {
      createAdapter: () => (engine === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: () => {
        throw new Error('not needed');
      },
      createQueryCompiler: () => (engine === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });

describe('atMost', () => {
  it.each(['sqlite', 'postgres'] as const)('writes the limit into the SQL on %s, not as a parameter', (engine) => {
    const query = compilerOnly(engine)
      .selectFrom('people')
      .selectAll()
      .where('tenant_id', '=', 't')
      .limit(atMost(100))
      .compile();
    expect(query.sql).toMatch(/ limit 100$/);
    expect(query.parameters).toEqual(['t']);
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p rows', (rows) => {
    expect(() => atMost(rows)).toThrow(RangeError);
  });
});
