/** Roles as people say them, for refusals and cards. */
import type { Role } from '../domain';
import type { CommitteeRole } from './role-lookup';

const WORDS: Record<Role | CommitteeRole, string> = {
  lead_officer: 'lead officer',
  committee_chair: 'Committee Chair',
  public_protection_manager: 'Public Protection Manager',
  subgroup_member: 'Learning Review Sub-group member',
  administrator: 'administrator',
  review_team_chair: 'Review Team Chair',
  reviewer: 'reviewer',
  review_team_member: 'Review Team member',
  senior_manager: 'senior manager',
  report_author: 'report author',
  practitioner: 'practitioner',
};

export const roleWords = (role: Role | CommitteeRole): string => WORDS[role];

/** "a, b or c". */
export function oneOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
