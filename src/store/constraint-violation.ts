/**
 * Recognises integrity-constraint failures from either engine, so repositories can turn them
 * into typed store errors without knowing which driver raised them.
 */

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

export interface ConstraintViolation {
  kind: ConstraintKind;
  /** PostgreSQL's constraint name, or SQLite's message (which names the columns). */
  detail: string;
}

const POSTGRES_CODES: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

const SQLITE_CODES: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
};

export function constraintViolation(error: unknown): ConstraintViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (typeof code !== 'string') return null;
  const kind = POSTGRES_CODES[code] ?? SQLITE_CODES[code];
  if (!kind) return null;
  const detail = typeof constraint === 'string' ? constraint : typeof message === 'string' ? message : '';
  return { kind, detail };
}

/**
 * True when `error` is a unique violation whose detail mentions every marker. Index names are
 * chosen so the same markers appear in PostgreSQL's constraint name (`reviews_tenant_reference_key`)
 * and in SQLite's message (`UNIQUE constraint failed: reviews.tenant_id, reviews.reference`).
 */
export function isUniqueViolationOf(error: unknown, ...markers: string[]): boolean {
  const violation = constraintViolation(error);
  return violation?.kind === 'unique' && markers.every((marker) => violation.detail.includes(marker));
}
