/** Roles as people say them, for refusals and cards. */
import { ROLE_LABELS, type Role } from '../domain';

export const roleWords = (role: Role): string => ROLE_LABELS[role];

/** Roles one person holds for the whole committee take "the"; the rest "a" or "an". */
const ONE_HOLDER: ReadonlySet<Role> = new Set<Role>(['committee_chair', 'public_protection_manager']);

/** "the Committee Chair", "a Lead Officer", "an administrator". */
export function aRole(role: Role): string {
  const words = roleWords(role);
  if (ONE_HOLDER.has(role)) return `the ${words}`;
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}

/** "a, b or c". */
export function oneOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
