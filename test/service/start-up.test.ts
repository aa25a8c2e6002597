/**
 * Starting the service as an operator would: the entry point with an environment, and the
 * composition with a data folder that outlives a restart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTestService } from '../support/test-service';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `src/index.ts` with only the given environment (plus PATH), as `npm start` would run dist/. */
function startEntryPoint(env: Record<string, string>) {
  // An empty working folder, so that no .env of the developer's leaks in.
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const cwd = mkdtempSync(path.join(tmpdir(), 'lrb-cwd-'));
  try {
    return spawnSync(process.execPath, ['--import', tsx, path.join(ROOT, 'src', 'index.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      // Generous: a busy machine compiles the entry point slowly; a start that refuses still ends in seconds.
      timeout: 120_000,
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('the entry point', () => {
  jest.setTimeout(150_000);

  it('refuses to start in production without bot credentials, and says why', () => {
    const run = startEntryPoint({ NODE_ENV: 'production' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The bot cannot start because its configuration is not valid');
    expect(run.stderr).toContain('BOT_ID is required when NODE_ENV=production');
    expect(run.stdout).not.toContain('bot listening');
  });

  it('names a bad variable and what it expects', () => {
    const run = startEntryPoint({ PORT: 'eighty', TIME_ZONE: 'Europe/Londn' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT expects a port number (got "eighty")');
    expect(run.stderr).toContain('TIME_ZONE expects an IANA time zone such as Europe/London (got "Europe/Londn")');
  });

  it('refuses a committee template that does not validate, naming the file, the field and the reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lrb-templates-'));
    const file = path.join(dir, 'our-tier-1.json');
    writeFileSync(file, JSON.stringify({ id: 'our-tier-1', name: 'Ours', stage: 'review', steps: 'none' }));
    const run = startEntryPoint({ TEMPLATES_DIR: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Template file ${file} is invalid`);
    expect(run.stderr).toMatch(/steps: /);
  });
});

describe('the templates and the store together', () => {
  it('refuses a review that names a template the service did not load', async () => {
    const service = await startTestService();
    try {
      await expect(
        service.store.reviews.create('tenant-templates', 'system', {
          kind: 'ASP',
          subjectPseudonym: 'Adult B',
          notifiedAt: new Date('2026-10-20T10:00:00Z'),
          decisionTemplateId: 'decision-stage-old',
        }),
      ).rejects.toThrow('There is no process template called "decision-stage-old"');
      const review = await service.store.reviews.create('tenant-templates', 'system', {
        kind: 'ASP',
        subjectPseudonym: 'Adult B',
        notifiedAt: new Date('2026-10-20T10:00:00Z'),
        decisionTemplateId: 'decision-stage',
      });
      expect(service.engine.templates.has(review.decisionTemplateId)).toBe(true);
    } finally {
      await service.close();
    }
  });
});

describe('the embedded store', () => {
  it('keeps what was written across a restart of the service', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lrb-restart-'));
    mkdirSync(dataDir, { recursive: true });
    try {
      const first = await startTestService({}, { dataDir });
      const created = await first.store.reviews.create('tenant-restart', 'system', {
        kind: 'CP',
        subjectPseudonym: 'Child A',
        notifiedAt: new Date('2026-10-20T10:00:00Z'),
      });
      await first.close();

      const second = await startTestService({}, { dataDir });
      const loaded = await second.store.reviews.load('tenant-restart', created.id);
      expect(loaded).toMatchObject({ reference: created.reference, subjectPseudonym: 'Child A', kind: 'CP' });
      expect(((await (await fetch(`${second.url}/healthz`)).json()) as { store: unknown }).store).toEqual({
        ok: true,
        engine: 'sqlite',
      });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
