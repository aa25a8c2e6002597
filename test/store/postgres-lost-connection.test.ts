/**
 * A PostgreSQL connection that dies while idle in the pool (the server restarted, a failover, an
 * administrator ended it) is reported in the log rather than swallowed, and the store carries on with
 * a fresh connection.
 */
import { Client } from 'pg';
import { forEachEngine, SERVER_TIMEOUT_MS } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

forEachEngine(
  (harness) => {
    test('an idle connection ended by the server is logged, and the next query still works', async () => {
      const database = await harness.fresh();
      const errors: Array<{ message: string; fields: Record<string, unknown> }> = [];
      const store = await database.open(() => new Date('2026-11-27T09:00:00Z'), {
        log: { warn: () => undefined, error: (fields, message) => errors.push({ message, fields }) },
      });
      expect((await store.health()).ok).toBe(true);

      const admin = new Client({ connectionString: database.options.databaseUrl });
      await admin.connect();
      try {
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
      } finally {
        await admin.end();
      }
      for (let i = 0; i < 200 && errors.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));

      expect(errors[0]).toMatchObject({ message: 'PostgreSQL connection lost while idle' });
      expect(await store.health()).toMatchObject({ ok: true, engine: 'postgres' });
    });
  },
  ['postgres'],
);
