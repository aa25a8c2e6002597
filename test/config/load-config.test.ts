import { ConfigError, loadConfig } from '../../src/config';

/** 32 bytes in base64, as `openssl rand -base64 32` prints them. */
const REPORTS_KEY = Buffer.alloc(32, 9).toString('base64');

const APP_ID = '8f0c2b1e-5a7d-4c3b-9e2f-1a2b3c4d5e6f';
const TENANT = '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('starts with nothing set, on the embedded store, in Europe/London, Scotland', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3978,
      store: { sqlitePath: './data/learning-reviews.sqlite', databaseUrl: undefined },
      calendar: { timeZone: 'Europe/London', holidayRegion: 'scotland' },
      leadOfficers: [],
      bot: { appId: undefined, type: 'SingleTenant' },
    });
  });

  it('listens on loopback only while callers are not authenticated', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT, HOST: '10.1.2.3' }).host).toBe(
      '10.1.2.3',
    );
  });

  it("ticks every five minutes and holds Teams' published limits unless told otherwise", () => {
    const config = loadConfig({});
    expect(config.schedules.tick).toBe('*/5 * * * *');
    expect(config.sender.limits.perConversation).toEqual([
      { requests: 7, perMs: 1_000 },
      { requests: 8, perMs: 2_000 },
      { requests: 60, perMs: 30_000 },
      { requests: 1_800, perMs: 3_600_000 },
    ]);
    expect(config.sender.limits.perTenant).toEqual([{ requests: 50, perMs: 1_000 }]);
    expect(loadConfig({ TEAMS_LIMITS_PER_TENANT: '25/500ms' }).sender.limits.perTenant).toEqual([
      { requests: 25, perMs: 500 },
    ]);
  });

  it("sends the weekly digest on Mondays at 08:00 in each committee's zone unless told otherwise", () => {
    expect(loadConfig({}).schedules.weeklyDigest).toEqual({ weekday: 1, minutesOfDay: 8 * 60 });
    expect(loadConfig({ WEEKLY_DIGEST_CRON: '30 7 * * FRI' }).schedules.weeklyDigest).toEqual({
      weekday: 5,
      minutesOfDay: 7 * 60 + 30,
    });
    expect(loadConfig({ WEEKLY_DIGEST_CRON: '0 9 * * 0' }).schedules.weeklyDigest.weekday).toBe(7);
  });

  it('refuses the retired sweep schedules, saying what replaced them', () => {
    expect(problemsOf({ DAILY_SWEEP_CRON: '15 9 * * 1-5' })).toEqual([
      'DAILY_SWEEP_CRON is no longer read: the tick (TICK_CRON) sweeps each committee at its own reminder time on its working days; remove it',
    ]);
  });

  it('treats empty values from a .env file as unset', () => {
    const config = loadConfig({ BOT_ID: '', BOT_PASSWORD: '', BOT_TYPE: '', DATABASE_URL: '', TEMPLATES_DIR: '' });
    expect(config.bot.appId).toBeUndefined();
    expect(config.bot.type).toBe('SingleTenant');
    expect(config.store.databaseUrl).toBeUndefined();
  });

  it('reads lead officers as a lower-case list', () => {
    expect(
      loadConfig({ LEAD_OFFICERS: ' Lead.Officer@Council.gov.uk , 7c1f0a5e-0000-4000-8000-000000000001,' })
        .leadOfficers,
    ).toEqual(['lead.officer@council.gov.uk', '7c1f0a5e-0000-4000-8000-000000000001']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT expects a port number (got "eighty")'],
    [{ HOST: 'my host' }, 'HOST expects an address to listen on, such as 0.0.0.0 or 127.0.0.1 (got "my host")'],
    [{ PORT: '70000' }, 'PORT expects a port between 1 and 65535 (got "70000")'],
    [{ PORT: '39.5' }, 'PORT expects a whole number (got "39.5")'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV expects development, test or production (got "staging")'],
    [{ BOT_ID: 'my-bot' }, 'BOT_ID expects the bot\'s Microsoft App ID, a GUID (got "my-bot")'],
    [{ BOT_TYPE: 'Single' }, 'BOT_TYPE expects one of MultiTenant, SingleTenant, UserAssignedMSI (got "Single")'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE expects an IANA time zone such as Europe/London (got "Mars/Olympus")'],
    [{ HOLIDAY_REGION: 'wales' }, 'HOLIDAY_REGION expects one of scotland, england-and-wales (got "wales")'],
    [
      { TICK_CRON: 'every morning' },
      'TICK_CRON expects a cron expression such as "0 8 * * 1-5" (minute hour day month weekday) (got "every morning")',
    ],
    [
      { WEEKLY_DIGEST_CRON: '0 8 * * 1-5' },
      'WEEKLY_DIGEST_CRON expects one time a week as "minute hour * * weekday", read in each committee\'s own time zone, such as "0 8 * * 1" (Mondays at 08:00) (got "0 8 * * 1-5")',
    ],
    [
      { TEAMS_LIMITS_PER_CONVERSATION: '7 a second' },
      'TEAMS_LIMITS_PER_CONVERSATION expects limits such as "7/1s,8/2s" (requests/window): "7 a second" is not a limit such as 7/1s (got "7 a second")',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL expects fatal, error, warn, info, debug, trace or silent (got "loud")'],
  ])('refuses %j with a sentence naming the variable', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('names the database variable without echoing a URL that may hold a password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://admin:hunter2@db/reviews' });
    expect(problems).toEqual([
      'DATABASE_URL expects a PostgreSQL URL such as postgres://user:password@host:5432/learning_reviews',
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ PORT: '0', TIME_ZONE: 'Nowhere' })).toHaveLength(2);
  });

  it('refuses to start in production without bot credentials', () => {
    const settled = {
      ALLOWED_TENANTS: TENANT,
      PUBLIC_URL: 'https://bot.example.org',
      CALENDAR_LINK_SECRET: 'x'.repeat(32),
      REPORTS_KEY: REPORTS_KEY,
    };
    expect(problemsOf({ NODE_ENV: 'production', ...settled })).toEqual([
      'BOT_ID is required when NODE_ENV=production, so that only Teams can reach the bot',
      "BOT_PASSWORD is required when NODE_ENV=production (the client secret of the bot's app registration)",
    ]);
    expect(problemsOf({ NODE_ENV: 'production', BOT_ID: APP_ID, BOT_TENANT_ID: TENANT, ...settled })).toEqual([
      "BOT_PASSWORD is required when NODE_ENV=production (the client secret of the bot's app registration)",
    ]);
  });

  const PRODUCTION = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://bot.example.org/',
    CALENDAR_LINK_SECRET: 'a-long-random-secret-of-at-least-32-characters',
    REPORTS_KEY,
  };

  it('starts in production with the credentials of a single-tenant registration', () => {
    const config = loadConfig({ ...PRODUCTION, BOT_ID: APP_ID, BOT_PASSWORD: 's3cret', BOT_TENANT_ID: TENANT });
    expect(config.bot).toEqual({ appId: APP_ID, password: 's3cret', tenantId: TENANT, type: 'SingleTenant' });
    expect(config.allowedTenants).toEqual({ any: false, ids: [TENANT] });
  });

  it('starts in production with the credentials of an older multi-tenant registration', () => {
    const config = loadConfig({
      ...PRODUCTION,
      BOT_ID: APP_ID,
      BOT_PASSWORD: 's3cret',
      BOT_TYPE: 'MultiTenant',
      ALLOWED_TENANTS: TENANT,
    });
    expect(config.bot).toEqual({ appId: APP_ID, password: 's3cret', tenantId: undefined, type: 'MultiTenant' });
    expect(config.publicUrl).toBe('https://bot.example.org');
    expect(config.calendarLinkSecret).toBe(PRODUCTION.CALENDAR_LINK_SECRET);
  });

  describe('which tenants the bot serves', () => {
    const OTHER = '9a8b7c6d-0000-4000-8000-000000000002';

    it('reads ALLOWED_TENANTS as a lower-case list of tenant ids', () => {
      expect(loadConfig({ ALLOWED_TENANTS: ` ${TENANT.toUpperCase()}, ${OTHER} ,` }).allowedTenants).toEqual({
        any: false,
        ids: [TENANT, OTHER],
      });
    });

    it("means the bot's own tenant when empty for a single-tenant or managed-identity bot", () => {
      for (const type of ['SingleTenant', 'UserAssignedMSI']) {
        const env = { BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TYPE: type, BOT_TENANT_ID: TENANT };
        expect(loadConfig(env).allowedTenants).toEqual({ any: false, ids: [TENANT] });
        expect(loadConfig({ ...env, ...PRODUCTION }).allowedTenants).toEqual({ any: false, ids: [TENANT] });
      }
    });

    it('means any tenant when empty outside production', () => {
      expect(loadConfig({}).allowedTenants).toEqual({ any: true });
      expect(loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TYPE: 'MultiTenant' }).allowedTenants).toEqual({
        any: true,
      });
    });

    it('is required for a multi-tenant bot in production', () => {
      expect(problemsOf({ ...PRODUCTION, BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TYPE: 'MultiTenant' })).toEqual([
        'ALLOWED_TENANTS is required when NODE_ENV=production and BOT_TYPE=MultiTenant: name the tenant ids the bot serves',
      ]);
    });

    it('refuses something that is not a tenant id', () => {
      expect(problemsOf({ ALLOWED_TENANTS: 'contoso.onmicrosoft.com' })).toEqual([
        'ALLOWED_TENANTS expects comma-separated Microsoft Entra tenant ids (GUIDs) (got "contoso.onmicrosoft.com")',
      ]);
    });
  });

  describe('calendar links', () => {
    it('need a public address and a signing secret in production', () => {
      const env = { NODE_ENV: 'production', BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT, REPORTS_KEY };
      expect(problemsOf(env)).toEqual([
        'PUBLIC_URL is required when NODE_ENV=production (the https address the bot is reached at)',
        'CALENDAR_LINK_SECRET is required when NODE_ENV=production (at least 32 characters of random text)',
      ]);
    });

    it('refuse a short secret without echoing it', () => {
      const problems = problemsOf({ CALENDAR_LINK_SECRET: 'hunter2' });
      expect(problems).toEqual(['CALENDAR_LINK_SECRET expects at least 32 characters of random text']);
    });

    it('get a fresh random secret per start outside production, and a local address', () => {
      const first = loadConfig({});
      expect(first.calendarLinkSecret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({}).calendarLinkSecret).not.toBe(first.calendarLinkSecret);
      expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    });
  });

  describe('the reports key', () => {
    const env = {
      NODE_ENV: 'production',
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'x',
      BOT_TENANT_ID: TENANT,
      PUBLIC_URL: 'https://bot.example.org',
      CALENDAR_LINK_SECRET: 'x'.repeat(32),
    };

    it('is required in production', () => {
      expect(problemsOf(env)).toEqual([
        'REPORTS_KEY is required when NODE_ENV=production: single-agency reports are encrypted with it (32 random bytes in base64, e.g. from `openssl rand -base64 32`; keep it safe, reports cannot be read without it)',
      ]);
      expect(loadConfig({ ...env, REPORTS_KEY }).reports.key).toEqual(Buffer.from(REPORTS_KEY, 'base64'));
    });

    it('is 32 bytes of base64, and a wrong one is refused without echoing it', () => {
      expect(problemsOf({ REPORTS_KEY: 'aHVudGVyMg==' })).toEqual([
        'REPORTS_KEY expects 32 random bytes in base64, such as `openssl rand -base64 32` prints: the value holds 7 bytes, not 32',
      ]);
      expect(problemsOf({ REPORTS_OLD_KEYS: `${REPORTS_KEY}, hunter2!` })).toEqual([
        'REPORTS_OLD_KEYS expects 32 random bytes in base64, such as `openssl rand -base64 32` prints: the value is not base64',
      ]);
    });

    it('keeps the keys being rotated out beside it', () => {
      const old = Buffer.alloc(32, 1).toString('base64');
      expect(loadConfig({ REPORTS_KEY, REPORTS_OLD_KEYS: ` ${old} ,` }).reports).toEqual({
        key: Buffer.from(REPORTS_KEY, 'base64'),
        oldKeys: [Buffer.alloc(32, 1)],
      });
      expect(loadConfig({}).reports).toEqual({ key: null, oldKeys: [] });
    });
  });

  it('registers as single-tenant unless told otherwise, since Azure no longer creates multi-tenant bots', () => {
    expect(problemsOf({ BOT_ID: APP_ID, BOT_PASSWORD: 'x' })).toEqual([
      'BOT_TENANT_ID is required when BOT_TYPE=SingleTenant (the default): the ID of the Microsoft Entra tenant the bot is registered in',
    ]);
    expect(problemsOf({ BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TYPE: 'SingleTenant' })).toEqual([
      'BOT_TENANT_ID is required when BOT_TYPE=SingleTenant: the ID of the Microsoft Entra tenant the bot is registered in',
    ]);
    expect(
      loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: 'x', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: TENANT }).bot.tenantId,
    ).toBe(TENANT);
  });

  it('needs the secret of a single-tenant registration outside production too, as the SDK cannot start without it', () => {
    expect(problemsOf({ BOT_ID: APP_ID, BOT_TENANT_ID: TENANT })).toEqual([
      "BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE=SingleTenant (the client secret of the bot's app registration)",
    ]);
  });

  it('runs on a user-assigned managed identity: a tenant, no secret', () => {
    const env = { ...PRODUCTION, BOT_ID: APP_ID, BOT_TYPE: 'UserAssignedMSI' };
    expect(problemsOf(env)).toEqual([
      'BOT_TENANT_ID is required when BOT_TYPE=UserAssignedMSI: the ID of the Microsoft Entra tenant the bot is registered in',
    ]);
    expect(loadConfig({ ...env, BOT_TENANT_ID: TENANT }).bot).toEqual({
      appId: APP_ID,
      password: undefined,
      tenantId: TENANT,
      type: 'UserAssignedMSI',
    });
  });

  it('still accepts a multi-tenant registration made before Azure stopped creating them', () => {
    const config = loadConfig({
      ...PRODUCTION,
      BOT_ID: APP_ID,
      BOT_PASSWORD: 's3cret',
      BOT_TYPE: 'MultiTenant',
      ALLOWED_TENANTS: TENANT,
    });
    expect(config.bot).toEqual({ appId: APP_ID, password: 's3cret', tenantId: undefined, type: 'MultiTenant' });
  });

  it('refuses a password without an id', () => {
    expect(problemsOf({ BOT_PASSWORD: 'x' })).toEqual([
      'BOT_PASSWORD is set but BOT_ID is not: set both, or neither for local use',
    ]);
  });
});
