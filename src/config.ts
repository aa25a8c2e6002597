/**
 * Every setting the service reads, parsed once from the environment at start. A bad value stops the
 * start with a sentence that names the variable and what it expects; nothing else reads process.env.
 */
import { z } from 'zod';
import { validate as isValidCron } from 'node-cron';
import { IANAZone } from 'luxon';
import { randomBytes } from 'node:crypto';
import { DEFAULT_TIME_ZONE, HOLIDAY_REGIONS, type HolidayRegion } from './domain';
import { parseReportKey } from './store/report-cipher';
import { formatRateLimits, parseRateLimits, PUBLISHED_LIMITS, type RateLimit } from './scheduler/send-limits';
import type { DigestSchedule } from './scheduler/weekly-digests';

export const BOT_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

const SECRET_VARIABLES = new Set([
  'BOT_PASSWORD',
  'DATABASE_URL',
  'CALENDAR_LINK_SECRET',
  'REPORTS_KEY',
  'REPORTS_OLD_KEYS',
]);

/** Calendar links are signed with HMAC-SHA256; a shorter key would be guessable. */
const MIN_LINK_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The bot cannot start because its configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Empty strings in a .env file mean "not set". */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const timeZone = z
  .string()
  .trim()
  .default(DEFAULT_TIME_ZONE)
  // The same check the calendar makes, so a zone accepted here is one the engine can use.
  .refine((zone) => IANAZone.isValidZone(zone), 'expects an IANA time zone such as Europe/London');

const cron = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => isValidCron(v), 'expects a cron expression such as "0 8 * * 1-5" (minute hour day month weekday)');

const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * WEEKLY_DIGEST_CRON keeps the cron form it always had, but only one time a week makes sense for a
 * weekly digest, and it is read in each committee's zone: `minute hour * * weekday`.
 */
export function parseDigestCron(text: string): DigestSchedule | null {
  const match = /^(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+(\d|[a-z]{3})$/i.exec(text.trim());
  if (!match) return null;
  const [minute, hour] = [Number(match[1]), Number(match[2])];
  const day = /^\d$/.test(match[3]) ? Number(match[3]) : WEEKDAY_NAMES.indexOf(match[3].toUpperCase());
  if (minute > 59 || hour > 23 || day < 0 || day > 7) return null;
  return { weekday: day === 0 ? 7 : day, minutesOfDay: hour * 60 + minute };
}

const digestCron = z
  .string()
  .trim()
  .default('0 8 * * 1')
  .transform((v, ctx) => {
    const schedule = parseDigestCron(v);
    if (schedule) return schedule;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'expects one time a week as "minute hour * * weekday", read in each committee\'s own time zone, such as "0 8 * * 1" (Mondays at 08:00)',
    });
    return z.NEVER;
  });

const rateLimits = (fallback: RateLimit[]) =>
  z
    .string()
    .trim()
    .default(formatRateLimits(fallback))
    .transform((v, ctx) => {
      try {
        return parseRateLimits(v);
      } catch (error) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expects limits such as "7/1s,8/2s" (requests/window): ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    });

const positiveInteger = (fallback: number, what: string) =>
  z.coerce
    .number({ invalid_type_error: `expects ${what}` })
    .int('expects a whole number')
    .min(1, `expects ${what}, at least 1`)
    .default(fallback);

/** Settings that are no longer read, and what took their place. */
const RETIRED: Record<string, string> = {
  DAILY_SWEEP_CRON:
    'is no longer read: the tick (TICK_CRON) sweeps each committee at its own reminder time on its working days; remove it',
  DEADLINE_CHECK_CRON: 'is no longer read: deadline alerts are swept with the other reminders (TICK_CRON); remove it',
};

const identityList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ''),
  );

const tenantList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ''),
  )
  .refine(
    (ids) => ids.every((id) => z.string().uuid().safeParse(id).success),
    'expects comma-separated Microsoft Entra tenant ids (GUIDs)',
  );

/** A reports key: 32 random bytes in base64, as `openssl rand -base64 32` prints them. */
const reportKey = z.string().transform((v, ctx) => {
  try {
    return parseReportKey(v).key;
  } catch (error) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expects 32 random bytes in base64, such as \`openssl rand -base64 32\` prints: the value ${(error as Error).message}`,
    });
    return z.NEVER;
  }
});

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], {
      errorMap: () => ({ message: 'expects development, test or production' }),
    })
    .default('development'),
  HOST: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-zA-Z.:[\]-]+$/, 'expects an address to listen on, such as 0.0.0.0 or 127.0.0.1')
      .optional(),
  ),
  PORT: z.coerce
    .number({ invalid_type_error: 'expects a port number' })
    .int('expects a whole number')
    .min(1, 'expects a port between 1 and 65535')
    .max(65535, 'expects a port between 1 and 65535')
    .default(3978),
  BOT_ID: optionalText.pipe(z.string().uuid("expects the bot's Microsoft App ID, a GUID").optional()),
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: optionalText.pipe(z.string().uuid('expects a Microsoft Entra tenant ID, a GUID').optional()),
  // Azure no longer creates multi-tenant bots; MultiTenant stays accepted for registrations made before.
  BOT_TYPE: optionalText.pipe(
    z
      .enum(BOT_TYPES, { errorMap: () => ({ message: `expects one of ${BOT_TYPES.join(', ')}` }) })
      .default('SingleTenant'),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'expects a PostgreSQL URL such as postgres://user:password@host:5432/learning_reviews',
      )
      .optional(),
  ),
  SQLITE_PATH: z.string().trim().min(1).default('./data/learning-reviews.sqlite'),
  TIME_ZONE: timeZone,
  HOLIDAY_REGION: z
    .enum(HOLIDAY_REGIONS, { errorMap: () => ({ message: `expects one of ${HOLIDAY_REGIONS.join(', ')}` }) })
    .default('scotland'),
  TEMPLATES_DIR: optionalText,
  LEAD_OFFICERS: identityList,
  TICK_CRON: cron('*/5 * * * *'),
  ALLOWED_TENANTS: tenantList,
  PUBLIC_URL: optionalText.pipe(
    z
      .string()
      .url('expects the address Teams users reach the bot at, such as https://bot.example.org')
      .regex(/^https?:\/\//, 'expects an http:// or https:// address')
      .optional(),
  ),
  CALENDAR_LINK_SECRET: optionalText.pipe(
    z
      .string()
      .min(MIN_LINK_SECRET_LENGTH, `expects at least ${MIN_LINK_SECRET_LENGTH} characters of random text`)
      .optional(),
  ),
  REPORTS_KEY: optionalText.pipe(reportKey.optional()),
  REPORTS_OLD_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(reportKey)),
  WEEKLY_DIGEST_CRON: digestCron,
  TEAMS_LIMITS_PER_CONVERSATION: rateLimits(PUBLISHED_LIMITS.perConversation),
  TEAMS_LIMITS_PER_TENANT: rateLimits(PUBLISHED_LIMITS.perTenant),
  TEAMS_SERVICE_URL: z
    .string()
    .trim()
    .url('expects the Bot Connector URL for your region, such as https://smba.trafficmanager.net/emea/')
    .default('https://smba.trafficmanager.net/teams/'),
  SENDER_CONCURRENCY: positiveInteger(8, 'how many people the sender writes to at once'),
  SENDER_POLL_SECONDS: positiveInteger(15, 'seconds between looks at the outbox'),
  SENDER_LEASE_SECONDS: positiveInteger(300, 'seconds a sender holds a claimed delivery'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      errorMap: () => ({ message: 'expects fatal, error, warn, info, debug, trace or silent' }),
    })
    .default('info'),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  /** Where to listen. Loopback unless the bot authenticates its callers or HOST says otherwise. */
  host: string;
  port: number;
  bot: {
    /** Absent only outside production: then inbound requests are not authenticated (local Playground). */
    appId?: string;
    password?: string;
    tenantId?: string;
    type: (typeof BOT_TYPES)[number];
  };
  store: { databaseUrl?: string; sqlitePath: string };
  calendar: { timeZone: string; holidayRegion: HolidayRegion; templatesDir?: string };
  /** Entra object ids or e-mail addresses (lower case) allowed to act as lead officers. */
  leadOfficers: string[];
  /**
   * Which Teams tenants the bot serves: a list of tenant ids (lower case), or any tenant (only ever
   * outside production).
   */
  allowedTenants: { any: true } | { any: false; ids: string[] };
  /** Where people reach the bot's own pages (calendar files), without a trailing slash. */
  publicUrl: string;
  /** Signs calendar links; random per start outside production. */
  calendarLinkSecret: string;
  /**
   * Seals single-agency reports at rest. `key` is REPORTS_KEY (required in production; without it,
   * development keeps a generated key beside its SQLite file, see reports-key.ts); `oldKeys` are
   * keys being rotated out (REPORTS_OLD_KEYS), still read but never written.
   */
  reports: { key: Buffer | null; oldKeys: Buffer[] };
  /**
   * node-cron only ticks; each committee is swept at its own reminder time, and sent its weekly
   * digest at this weekday and time in its own zone (see src/scheduler/).
   */
  schedules: { tick: string; weeklyDigest: DigestSchedule };
  sender: {
    limits: { perConversation: RateLimit[]; perTenant: RateLimit[] };
    /** Where personal chats are opened when no conversation in the tenant has named its region. */
    serviceUrl: string;
    concurrency: number;
    pollMs: number;
    leaseMs: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Reads the configuration from an environment map; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const retired = Object.keys(RETIRED).filter((name) => (env[name] ?? '').trim() !== '');
  if (retired.length > 0) throw new ConfigError(retired.map((name) => `${name} ${RETIRED[name]}`));
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        const got = env[name];
        // Secrets are never echoed back, not even into a start-up error.
        const shown = got === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got "${got}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  if (production && !e.BOT_ID) {
    problems.push('BOT_ID is required when NODE_ENV=production, so that only Teams can reach the bot');
  }
  // A managed identity has no secret; the other types need one in production, and a single-tenant
  // registration needs one as soon as it is named, since the Bot Framework SDK cannot start without it.
  if (!e.BOT_PASSWORD && e.BOT_TYPE !== 'UserAssignedMSI') {
    if (production) {
      problems.push(
        "BOT_PASSWORD is required when NODE_ENV=production (the client secret of the bot's app registration)",
      );
    } else if (e.BOT_ID && e.BOT_TYPE === 'SingleTenant') {
      problems.push(
        "BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE=SingleTenant (the client secret of the bot's app registration)",
      );
    }
  }
  if (e.BOT_PASSWORD && !e.BOT_ID)
    problems.push('BOT_PASSWORD is set but BOT_ID is not: set both, or neither for local use');
  if (e.BOT_TYPE !== 'MultiTenant' && e.BOT_ID && !e.BOT_TENANT_ID) {
    const type = env.BOT_TYPE?.trim() ? e.BOT_TYPE : `${e.BOT_TYPE} (the default)`;
    problems.push(
      `BOT_TENANT_ID is required when BOT_TYPE=${type}: the ID of the Microsoft Entra tenant the bot is registered in`,
    );
  }
  if (e.NODE_ENV === 'production') {
    if (e.ALLOWED_TENANTS.length === 0 && e.BOT_TYPE === 'MultiTenant') {
      problems.push(
        'ALLOWED_TENANTS is required when NODE_ENV=production and BOT_TYPE=MultiTenant: name the tenant ids the bot serves',
      );
    }
    if (!e.PUBLIC_URL) {
      problems.push('PUBLIC_URL is required when NODE_ENV=production (the https address the bot is reached at)');
    }
    if (!e.REPORTS_KEY) {
      problems.push(
        'REPORTS_KEY is required when NODE_ENV=production: single-agency reports are encrypted with it (32 random bytes in base64, e.g. from `openssl rand -base64 32`; keep it safe, reports cannot be read without it)',
      );
    }
    if (!e.CALENDAR_LINK_SECRET) {
      problems.push(
        `CALENDAR_LINK_SECRET is required when NODE_ENV=production (at least ${MIN_LINK_SECRET_LENGTH} characters of random text)`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    // Without a bot id nobody's token is checked, so only this machine may talk to the bot.
    host: e.HOST ?? (e.BOT_ID ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    bot: { appId: e.BOT_ID, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID, type: e.BOT_TYPE },
    store: { databaseUrl: e.DATABASE_URL, sqlitePath: e.SQLITE_PATH },
    calendar: { timeZone: e.TIME_ZONE, holidayRegion: e.HOLIDAY_REGION, templatesDir: e.TEMPLATES_DIR },
    leadOfficers: e.LEAD_OFFICERS,
    allowedTenants: allowedTenants(e.ALLOWED_TENANTS, e.BOT_TYPE, e.BOT_TENANT_ID),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    // Outside production a fresh secret per start: links from before a restart stop working, which is fine there.
    calendarLinkSecret: e.CALENDAR_LINK_SECRET ?? randomBytes(32).toString('base64url'),
    reports: { key: e.REPORTS_KEY ?? null, oldKeys: e.REPORTS_OLD_KEYS },
    schedules: { tick: e.TICK_CRON, weeklyDigest: e.WEEKLY_DIGEST_CRON },
    sender: {
      limits: { perConversation: e.TEAMS_LIMITS_PER_CONVERSATION, perTenant: e.TEAMS_LIMITS_PER_TENANT },
      serviceUrl: e.TEAMS_SERVICE_URL,
      concurrency: e.SENDER_CONCURRENCY,
      pollMs: e.SENDER_POLL_SECONDS * 1_000,
      leaseMs: e.SENDER_LEASE_SECONDS * 1_000,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * An empty ALLOWED_TENANTS means the bot's own tenant when it has one (single tenant or managed
 * identity), and otherwise any tenant; production refuses the last case before it gets here.
 */
function allowedTenants(
  listed: string[],
  type: Config['bot']['type'],
  ownTenant: string | undefined,
): Config['allowedTenants'] {
  if (listed.length > 0) return { any: false, ids: listed };
  if (type !== 'MultiTenant' && ownTenant) return { any: false, ids: [ownTenant.toLowerCase()] };
  return { any: true };
}
