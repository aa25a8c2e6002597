/**
 * Facts can be recorded after they happened (a review already under way when the bot arrives),
 * never before: a decision, a milestone, a pause, a resume or a closure dated later than now is
 * refused, with a sentence that says so.
 */
import { InvalidValueError } from './store-errors';

export function refuseFuture(now: Date, field: string, label: string, instant: Date | null | undefined): void {
  if (instant && instant > now)
    throw new InvalidValueError(field, `${label} cannot be later than now: record it once it has happened.`);
}
