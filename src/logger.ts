/**
 * The service's structured log. Lines carry ids (tenant, review, activity, error id), never what a
 * person wrote or who the subject of a review is: fields that can hold message text, card payloads,
 * names or secrets are replaced at any depth, even if a caller logs a whole activity by mistake.
 */
import pino, { Logger } from 'pino';

export type { Logger };

/** Field names (compared in lower case) whose values are replaced wherever they appear. */
const SENSITIVE_KEYS = new Set([
  // What people type and what cards carry.
  'text',
  'value',
  'speak',
  'summary',
  'attachments',
  'inputs',
  'data',
  // People.
  'name',
  'displayname',
  'givenname',
  'surname',
  'email',
  'mail',
  'upn',
  'userprincipalname',
  // The subject of a review, known only by a pseudonym, which stays out of logs too.
  'subjectname',
  'pseudonym',
  'subjectpseudonym',
  // The domain's own free text: meeting titles and places, pause notes, report text, actions, notes.
  'title',
  'venue',
  'location',
  'onlinelink',
  'reason',
  'note',
  'notes',
  'description',
  'reporttext',
  'content',
  // What a command was typed with (`new cp 20/10/2026 Child A`).
  'args',
  // Secrets.
  'password',
  'secret',
  'authorization',
  'cookie',
  'token',
]);

/**
 * Endings of field names (compared in lower case) that name a person or hold free text, so that a
 * field added tomorrow is redacted too: `meetingTitle`, `pauseNote`, `reopenReason`,
 * `unreachablePersonName`, `agencyName`, `reportText`, `contactEmail`.
 */
const SENSITIVE_ENDINGS = [
  'name',
  'title',
  'note',
  'notes',
  'reason',
  'text',
  'email',
  'pseudonym',
  'description',
  // Where a meeting is, and an agency's support details (`onlineLink`, `employeeAssistance`, `supportContact`).
  'venue',
  'link',
  'assistance',
  'contact',
];

const isSensitive = (key: string): boolean => {
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || SENSITIVE_ENDINGS.some((ending) => lower.endsWith(ending));
};

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
    out[key] = isSensitive(key) ? REDACTED : redactDeep(inner, depth + 1, seen);
  }
  return out;
}

type ChildFn = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'learning-review-bot' },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    },
    destination,
  );
  // A child logger's bindings are written on every line it logs, and pino passes them through no
  // formatter, so they are redacted when the child is made. Children inherit this from the root.
  const withChild = logger as unknown as { child: ChildFn };
  const makeChild = withChild.child;
  withChild.child = function (this: Logger, bindings, options) {
    return makeChild.call(this, redactDeep(bindings) as pino.Bindings, options);
  };
  return logger;
}
