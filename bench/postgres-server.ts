/**
 * A PostgreSQL server for the benchmarks: the same throwaway embedded server the tests use
 * (PostgreSQL's own binaries, on loopback), or BENCH_DATABASE_URL (a server where databases may be
 * created). Each benchmark creates the databases it needs and drops them when done.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export interface BenchPostgres {
  /** A new empty database; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let server: ChildProcess | undefined;
  if (!adminUrl) {
    server = spawn(process.execPath, [join(__dirname, '..', 'test', 'store', 'embedded-postgres-server.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    adminUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server!.stdout! }).once('line', (line) =>
        resolve((JSON.parse(line) as { url: string }).url),
      );
      server!.once('exit', () => reject(new Error('the embedded PostgreSQL server did not start')));
    });
  }
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const created: string[] = [];
  return {
    async createDatabase(name) {
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    },
    async stop() {
      for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (server) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.stdin!.end();
        await exited;
      }
    },
  };
}
