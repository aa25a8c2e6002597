/**
 * The service's structured log. Lines carry ids (tenant, review, activity, error id), never what a
 * person wrote or who the subject of a review is: fields that can hold message text, card payloads,
 * names or secrets are replaced at any depth, even if a caller logs a whole activity by mistake.
 */
import pino, { Logger } from 'pino';

export type { Logger };

const SENSITIVE_KEYS = new Set([
  'text',
  'value',
  'speak',
  'summary',
  'name',
  'displayname',
  'givenname',
  'surname',
  'email',
  'userprincipalname',
  'subjectname',
  'attachments',
  'password',
  'secret',
  'authorization',
  'cookie',
]);

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/** A copy of `value` with every sensitive field replaced, however deep; the original is untouched. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : redactDeep(inner, depth + 1, seen);
  }
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'learning-review-bot' },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    },
    destination,
  );
}
