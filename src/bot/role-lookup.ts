/**
 * Who holds which role: committee-wide (lead officer) and in one review (the review's members).
 * A seam: the interim lookup below reads lead officers from the LEAD_OFFICERS setting; the
 * committee's own roles, kept in the store, replace it when the procedure's role model arrives.
 */
import type { CommitteeRole, Role } from '../domain';
import type { Person, Store } from '../store';

/** The roles held for the whole committee (lead officers, administrators, the committee Chair, ...). */
export type { CommitteeRole } from '../domain';

export interface RoleLookup {
  committeeRolesOf(tenantId: string, person: Person): Promise<ReadonlySet<CommitteeRole>>;
  reviewRolesOf(tenantId: string, personId: string, reviewId: string): Promise<ReadonlySet<Role>>;
  /** Who to ask for a committee role: display names, or e-mail addresses of people not met yet. */
  holdersOf(tenantId: string, role: CommitteeRole): Promise<string[]>;
}

/** Lead officers are the people named in LEAD_OFFICERS (Entra object ids or e-mail addresses, lower case). */
export function interimRoleLookup(store: Store, leadOfficers: readonly string[]): RoleLookup {
  // An entry with an @ is an e-mail address; anything else is an Entra object id.
  const emails = leadOfficers.filter((entry) => entry.includes('@'));
  const objectIds = leadOfficers.filter((entry) => !entry.includes('@'));
  const isLeadOfficer = (person: Person) =>
    (person.aadObjectId !== null && objectIds.includes(person.aadObjectId.toLowerCase())) ||
    (person.email !== null && emails.includes(person.email.toLowerCase()));

  return {
    committeeRolesOf(_tenantId, person) {
      return Promise.resolve(new Set<CommitteeRole>(isLeadOfficer(person) ? ['lead_officer'] : []));
    },

    async reviewRolesOf(tenantId, personId, reviewId) {
      const memberships = await store.people.membershipsOf(tenantId, personId);
      return new Set(memberships.filter((m) => m.reviewId === reviewId).map((m) => m.role));
    },

    async holdersOf(tenantId) {
      const known = await store.people.findByIdentities(tenantId, { aadObjectIds: objectIds, emails });
      const names = known.map((p) => p.displayName);
      const knownEmails = new Set(known.map((p) => p.email?.toLowerCase()));
      return [...names, ...emails.filter((e) => !knownEmails.has(e))];
    },
  };
}
