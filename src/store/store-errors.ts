/**
 * Typed errors of the store. Each carries a stable `code` the bot can switch on and a `message`
 * written for a person: what was wrong and, where it helps, what to do instead. None carries a
 * stack trace into chat or identifying text about a review's subject.
 */
import type { ReviewStatus } from '../domain/model';

export type StoreErrorCode =
  | 'not_found'
  | 'duplicate_reference'
  | 'duplicate'
  | 'invalid_value'
  | 'tenant_mismatch'
  | 'conflict'
  | 'invalid_transition'
  | 'storage_unavailable'
  | 'report_key';

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist in this tenant (or exists only in another one: we do not say). */
export class NotFoundError extends StoreError {
  readonly code = 'not_found';

  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} "${id}" was found in this committee. Check the reference and try again.`);
  }
}

export class DuplicateReferenceError extends StoreError {
  readonly code = 'duplicate_reference';

  constructor(readonly reference: string) {
    super(
      `The reference ${reference} is already used by another review in this committee. Choose another reference, or leave it out and one will be assigned.`,
    );
  }
}

/** A unique rule other than the review reference, e.g. two agencies with the same name. */
export class DuplicateError extends StoreError {
  readonly code = 'duplicate';

  constructor(
    readonly entity: string,
    detail: string,
  ) {
    super(`That ${entity} already exists: ${detail}.`);
  }
}

/** A value the schema cannot hold: out-of-range date, text over its limit, unknown option. */
export class InvalidValueError extends StoreError {
  readonly code = 'invalid_value';

  /** `message` is the whole sentence, naming the field as a person would, e.g. "The pseudonym can be at most 40 characters." */
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A payload names a tenant other than the one the request is scoped to. */
export class TenantMismatchError extends StoreError {
  readonly code = 'tenant_mismatch';

  constructor() {
    super('That item belongs to another organisation and cannot be used here.');
  }
}

/** The change contradicts the current state: overlapping clock pauses, a stale eTag, a lost claim. */
export class ConflictError extends StoreError {
  readonly code = 'conflict';
}

/**
 * A review asked to move where its lifecycle does not go from here (timeline engine's rule). The
 * sentence says what is allowed instead; `allowed` lists the statuses it may move to.
 */
export class InvalidTransitionError extends StoreError {
  readonly code = 'invalid_transition';

  constructor(
    readonly from: ReviewStatus,
    readonly allowed: readonly ReviewStatus[],
    message: string,
  ) {
    super(message);
  }
}

export class StorageUnavailableError extends StoreError {
  readonly code = 'storage_unavailable';
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
