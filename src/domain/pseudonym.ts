/**
 * How the subject of a review is named: a word such as Child, Adult, Young Person or Family and
 * one capital letter, optionally with digits ("Child A", "Adult B2"). Never a name, and never two
 * letters, which read as initials. A committee may set its own words (a "Baby" or a "Sibling"); the
 * letter-and-digits part is fixed, so no setting lets a name or initials through. When none is
 * given, the next free letter of the committee's year is assigned.
 */
import type { ReviewKind } from './model';

export const DEFAULT_PSEUDONYM_WORDS = ['Child', 'Adult', 'Young Person', 'Family'] as const;

/** A committee's word: one to three capitalised words of letters, e.g. "Young Person". */
export const PSEUDONYM_WORD = /^[A-Z][a-z]+( [A-Z][a-z]+){0,2}$/;

const EXAMPLES = '"Child A" or "Adult B2"';

function wordList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export type PseudonymCheck = { ok: true; pseudonym: string } | { ok: false; reason: string };

/**
 * The pseudonym in its one form (the word as the committee spells it, the letter in capitals), or
 * the sentence that says why it is refused.
 */
export function checkPseudonym(value: string, words: readonly string[] = DEFAULT_PSEUDONYM_WORDS): PseudonymCheck {
  const text = value.trim().replace(/\s+/g, ' ');
  const rule = `A pseudonym is a word such as ${wordList(words)} and one capital letter, optionally with digits, e.g. ${EXAMPLES}`;
  const word = words.find((candidate) => text.toLowerCase().startsWith(`${candidate.toLowerCase()} `));
  if (word === undefined) {
    return {
      ok: false,
      reason: `"${text}" cannot be a pseudonym. ${rule}, so that the ${text.includes(' ') ? 'child or adult is never named' : 'subject cannot be identified'}.`,
    };
  }
  const rest = text.slice(word.length + 1);
  const match = /^([A-Za-z])(\d{0,3})$/.exec(rest);
  if (match) return { ok: true, pseudonym: `${word} ${match[1].toUpperCase()}${match[2]}` };
  if (/^[A-Za-z]{2,3}\d*$/.test(rest)) {
    return {
      ok: false,
      reason: `"${text}" has more than one letter after "${word}", which reads like initials. Use one letter, e.g. "${word} ${rest[0].toUpperCase()}", so that the subject cannot be identified.`,
    };
  }
  return { ok: false, reason: `"${text}" cannot be a pseudonym. ${rule}, so that the subject cannot be identified.` };
}

/** The word a new review's pseudonym starts with: Child for Child Protection, Adult for Adult Support and Protection. */
export function pseudonymWordFor(kind: ReviewKind, words: readonly string[] = DEFAULT_PSEUDONYM_WORDS): string {
  const wanted = kind === 'CP' ? 'Child' : 'Adult';
  return words.find((word) => word === wanted) ?? words[0] ?? wanted;
}

/**
 * The next free pseudonym for a new review: its word and the first letter no review of the
 * committee's year has used with that word ("Child A", then "Child B", ...); after Z, "Child A2".
 */
export function nextPseudonym(kind: ReviewKind, taken: Iterable<string>, words?: readonly string[]): string {
  const word = pseudonymWordFor(kind, words);
  const used = new Set([...taken].map((name) => name.toLowerCase()));
  for (let round = 1; ; round += 1) {
    for (let code = 65; code <= 90; code += 1) {
      const candidate = `${word} ${String.fromCharCode(code)}${round === 1 ? '' : round}`;
      if (!used.has(candidate.toLowerCase())) return candidate;
    }
  }
}
