/**
 * The digest's card data, in one place: the weekly digest the sender sends and the `digest` command
 * render the same rows (`weeklyDigest` in the domain) into the same card (`cards/weekly-digest.json`).
 * In a group chat or channel the command shows only the counts and the references
 * (`cards/digest-summary.json`).
 */
import type { DigestRow } from '../domain';

/** The full digest, one to one: `weekly` for the Monday message, else the command's "as of today". */
export function digestCardData(rows: readonly DigestRow[], heading: { weekly: boolean; date: string }) {
  return {
    weekly: heading.weekly,
    weekOf: heading.date,
    count: rows.length,
    rows: rows.map((row) => ({ ...row, daysOver: row.daysLeft === null ? null : -row.daysLeft })),
  };
}

/** What a shared conversation may see of the digest: counts and references, most urgent first. */
export function digestSummaryData(rows: readonly DigestRow[], date: string) {
  return {
    asOf: date,
    count: rows.length,
    redCount: rows.filter((row) => row.rag === 'red').length,
    amberCount: rows.filter((row) => row.rag === 'amber').length,
    greenCount: rows.filter((row) => row.rag === 'green').length,
    references: rows.map((row) => row.reference),
  };
}
