/**
 * Who holds which role: committee-wide (the committee's Chair, Public Protection Manager, Sub-group
 * members, lead officers, administrators) and in one review (the review's members), both read from
 * the store. The people named in LEAD_OFFICERS are lead officers as well, whatever the store says:
 * they are how a new committee gets its first lead officer, and a way back in if every lead officer
 * was removed by mistake.
 */
import { COMMITTEE_ROLES, type CommitteeRole, type Role } from '../domain';
import type { Person, Store } from '../store';

export { COMMITTEE_ROLES, type CommitteeRole };

export interface RoleLookup {
  committeeRolesOf(tenantId: string, person: Person): Promise<ReadonlySet<CommitteeRole>>;
  reviewRolesOf(tenantId: string, personId: string, reviewId: string): Promise<ReadonlySet<Role>>;
  /** Who holds a committee role: display names, or e-mail addresses of configured people not met yet. */
  holdersOf(tenantId: string, role: CommitteeRole): Promise<string[]>;
  /** Whether the person is a lead officer by the LEAD_OFFICERS setting (so cannot be removed by command). */
  isConfiguredLeadOfficer(person: Person): boolean;
}

/** Committee roles from the store, with the people in LEAD_OFFICERS (Entra object ids or e-mail addresses). */
export function storeRoleLookup(store: Store, leadOfficers: readonly string[]): RoleLookup {
  // An entry with an @ is an e-mail address; anything else is an Entra object id.
  const emails = leadOfficers.filter((entry) => entry.includes('@'));
  const objectIds = leadOfficers.filter((entry) => !entry.includes('@'));
  const isConfiguredLeadOfficer = (person: Person) =>
    (person.aadObjectId !== null && objectIds.includes(person.aadObjectId.toLowerCase())) ||
    (person.email !== null && emails.includes(person.email.toLowerCase()));

  return {
    isConfiguredLeadOfficer,

    async committeeRolesOf(tenantId, person) {
      const held = new Set<CommitteeRole>(await store.committeeRoles.rolesOf(tenantId, person.id));
      if (isConfiguredLeadOfficer(person)) held.add('lead_officer');
      return held;
    },

    async reviewRolesOf(tenantId, personId, reviewId) {
      const memberships = await store.people.membershipsOf(tenantId, personId);
      return new Set(memberships.filter((m) => m.reviewId === reviewId).map((m) => m.role));
    },

    async holdersOf(tenantId, role) {
      const holderIds = (await store.committeeRoles.list(tenantId))
        .filter((member) => member.role === role)
        .map((member) => member.personId);
      const names: string[] = [];
      for (const personId of holderIds) names.push((await store.people.get(tenantId, personId)).displayName);
      if (role !== 'lead_officer') return names;
      const configured = await store.people.findByIdentities(tenantId, { aadObjectIds: objectIds, emails });
      const knownEmails = new Set(configured.map((p) => p.email?.toLowerCase()));
      for (const person of configured) if (!holderIds.includes(person.id)) names.push(person.displayName);
      return [...names, ...emails.filter((e) => !knownEmails.has(e))];
    },
  };
}
