/**
 * Who is who in a Learning Review (001 §4–§8, Appendix 2; 004). Some roles are held for the whole
 * committee, so every review's alerts reach their holders without adding them to each review; the
 * rest are held in one review. The bot's commands, its authorisation, its refusals and the cards
 * use these two lists and their labels.
 */

/**
 * Held for the whole committee:
 * - `committee_chair`: chairs the Consideration Meeting, tells CSOG of the decision, presents the
 *   report to CSOG, convenes the improvement-plan meeting (001 §4, §6, §8, §9);
 * - `public_protection_manager`: sits on the Consideration Meeting, develops the Terms of Reference
 *   with the committee Chair, attends the Care Inspectorate follow-up (001 §5, §7, §11);
 * - `subgroup_member`: a member of the Learning Review Sub-group, which keeps every review and
 *   improvement plan under quarterly scrutiny and advises CSOG (001 §4, §7, §9);
 * - `lead_officer`: the Adult Support and Protection or Child Protection Lead Officers (001 §5, §6);
 * - `administrator`: the Senior Business Support Administrator (001 §6, Appendix 2).
 */
export const COMMITTEE_ROLES = [
  'committee_chair',
  'public_protection_manager',
  'subgroup_member',
  'lead_officer',
  'administrator',
] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

/**
 * Held in one review:
 * - `lead_officer`: the review's own Lead Officer, set at creation and moved by a handover;
 * - `review_team_chair`: chairs the Review Team, keeps its timetable, follows up missing documents
 *   (001 Appendix 2);
 * - `reviewer`, `review_team_member` (001 §7, Appendix 2);
 * - `senior_manager`: an agency's Senior Manager, asked for its single-agency report (001 §6);
 * - `report_author`: the service manager or team leader a Senior Manager names to write it (001 §6);
 * - `practitioner`: front-line staff invited to the events (004); never asked for a report.
 */
export const REVIEW_ROLES = [
  'lead_officer',
  'review_team_chair',
  'reviewer',
  'review_team_member',
  'senior_manager',
  'report_author',
  'practitioner',
] as const;
export type ReviewRole = (typeof REVIEW_ROLES)[number];

/** Any role a reminder can be addressed to. */
export type Role = CommitteeRole | ReviewRole;

/** Every role once (the lead officer is both committee-wide and per review). */
export const ROLES = [...new Set<Role>([...COMMITTEE_ROLES, ...REVIEW_ROLES])] as [Role, ...Role[]];

/** Each role as people name it, for commands, refusals ("this needs the Lead Officer ...") and cards. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  committee_chair: 'Committee Chair',
  public_protection_manager: 'Public Protection Manager',
  subgroup_member: 'Learning Review Sub-group member',
  lead_officer: 'Lead Officer',
  administrator: 'Senior Business Support Administrator',
  review_team_chair: 'Review Team Chair',
  reviewer: 'Reviewer',
  review_team_member: 'Review Team member',
  senior_manager: 'Senior Manager',
  report_author: 'report author',
  practitioner: 'practitioner',
};

export const isCommitteeRole = (role: string): role is CommitteeRole =>
  (COMMITTEE_ROLES as readonly string[]).includes(role);

export const isReviewRole = (role: string): role is ReviewRole => (REVIEW_ROLES as readonly string[]).includes(role);

/**
 * How a reminder may speak to someone in this role. Only the Lead Officer, the chairs and Senior
 * Managers answer for a deadline, so only they are told something is "overdue" (`accountable`);
 * anyone else is told it is "not yet received" (`not-yet-received`), and nothing sent to them
 * escalates (001 §2: no blame; 004). A card chooses its wording by the recipient's tone.
 */
export type RecipientTone = 'accountable' | 'not-yet-received';

const ACCOUNTABLE: ReadonlySet<Role> = new Set<Role>([
  'lead_officer',
  'committee_chair',
  'review_team_chair',
  'senior_manager',
]);

export const recipientTone = (role: Role): RecipientTone =>
  ACCOUNTABLE.has(role) ? 'accountable' : 'not-yet-received';
