/**
 * The service's structured log. Lines carry ids (tenant, review, activity, error id), never what a
 * person wrote or who the subject of a review is: message text, card payloads and names are redacted
 * even if a caller passes them by mistake.
 */
import pino, { Logger } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'text',
  '*.text',
  'value',
  '*.value',
  'subjectName',
  '*.subjectName',
  'displayName',
  '*.displayName',
  'name',
  '*.name',
  'email',
  '*.email',
  'attachments',
  '*.attachments',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'learning-review-bot' } }, destination);
}
