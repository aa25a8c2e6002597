/**
 * Template ids name files the bot loaded at start (templates/ and TEMPLATES_DIR). When the store
 * was told which ones those are, a review cannot point at a template that does not exist, which
 * would otherwise surface much later as a review with no timeline.
 */
import { InvalidValueError } from './store-errors';

export function assertKnownTemplate(known: ReadonlySet<string> | undefined, field: string, templateId: string): void {
  if (known === undefined || known.has(templateId)) return;
  const list = known.size === 0 ? 'none are loaded' : [...known].sort().join(', ');
  throw new InvalidValueError(field, `There is no process template called "${templateId}". Known templates: ${list}.`);
}
