/**
 * The agencies of a committee (Social Work, NHS, Police Scotland, Education…), named once, with how
 * each supports its staff who take part in a review (004: the Employee Assistance Programme, who to
 * contact), for invitations to say.
 */
import { isUniqueViolationOf } from './constraint-violation';
import { ensureCommittee } from './committees-repository';
import {
  type AgencySupportInput,
  agencyNameSchema,
  agencySupportSchema,
  id,
  parseInput,
  tenantIdSchema,
} from './input-schemas';
import { newId, toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { requirePeople, requireRow } from './scoped-lookups';
import type { StoreContext } from './store-context';
import { withheld } from './audit-log';

/** Support details are free text that may name people: the audit records only their length. */
const supportForAudit = (agency: Agency) => ({
  ...agency,
  employeeAssistance: withheld(agency.employeeAssistance),
  supportContact: withheld(agency.supportContact),
});
import { DuplicateError } from './store-errors';

export interface Agency {
  id: string;
  name: string;
  /** Its Employee Assistance Programme (004), as people should be told it. */
  employeeAssistance: string | null;
  /** Who in the agency to contact for support (004). */
  supportContact: string | null;
  /** Its Senior Manager, whom its single-agency reports are asked of (001 §6); null until named. */
  seniorManagerPersonId: string | null;
}

const SUPPORT_COLUMNS = ['id', 'name', 'employee_assistance', 'support_contact', 'senior_manager_person_id'] as const;
const toAgency = (row: {
  id: string;
  name: string;
  employee_assistance: string | null;
  support_contact: string | null;
  senior_manager_person_id: string | null;
}): Agency => ({
  id: row.id,
  name: row.name,
  employeeAssistance: row.employee_assistance,
  supportContact: row.support_contact,
  seniorManagerPersonId: row.senior_manager_person_id,
});

export function createAgenciesRepository(ctx: StoreContext) {
  return {
    async add(tenantId: string, actor: string, name: string, support: AgencySupportInput = {}): Promise<Agency> {
      const agencyName = parseInput(agencyNameSchema, name);
      const details = parseInput(agencySupportSchema, support);
      try {
        return await recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
          await ensureCommittee(ctx, trx, tenant, at);
          const agency: Agency = { id: newId(), name: agencyName, ...details, seniorManagerPersonId: null };
          await trx
            .insertInto('agencies')
            .values({
              id: agency.id,
              name: agency.name,
              employee_assistance: details.employeeAssistance,
              support_contact: details.supportContact,
              tenant_id: tenant,
              created_at: toInstantText(at),
            })
            .execute();
          return {
            result: agency,
            audit: {
              action: 'agency.added',
              entityType: 'agency',
              entityId: agency.id,
              reviewId: null,
              before: null,
              after: supportForAudit(agency),
            },
          };
        });
      } catch (error) {
        if (isUniqueViolationOf(error, 'agencies', 'name'))
          throw new DuplicateError('agency', `${agencyName} is already listed`);
        throw error;
      }
    },

    /** Sets how the agency supports its staff (004); what is left out stays as it was. */
    async setSupport(tenantId: string, actor: string, agencyId: string, support: AgencySupportInput): Promise<Agency> {
      const aid = parseInput(id('The agency'), agencyId);
      const given = Object.fromEntries(
        Object.entries(parseInput(agencySupportSchema, support)).filter(([key]) => key in support),
      ) as Partial<Pick<Agency, 'employeeAssistance' | 'supportContact'>>;
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const before = toAgency(await requireRow(trx, 'agencies', tenant, aid, 'agency'));
        const after: Agency = { ...before, ...given };
        if (JSON.stringify(after) === JSON.stringify(before)) return { result: before, audit: null };
        await trx
          .updateTable('agencies')
          .set({ employee_assistance: after.employeeAssistance, support_contact: after.supportContact })
          .where('tenant_id', '=', tenant)
          .where('id', '=', aid)
          .execute();
        return {
          result: after,
          audit: {
            action: 'agency.support_set',
            entityType: 'agency',
            entityId: aid,
            reviewId: null,
            before: supportForAudit(before),
            after: supportForAudit(after),
          },
        };
      });
    },

    /** Names the agency's Senior Manager (a person of the committee), or none. */
    async setSeniorManager(
      tenantId: string,
      actor: string,
      agencyId: string,
      personId: string | null,
    ): Promise<Agency> {
      const aid = parseInput(id('The agency'), agencyId);
      const pid = personId === null ? null : parseInput(id('The Senior Manager'), personId);
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const before = toAgency(await requireRow(trx, 'agencies', tenant, aid, 'agency'));
        if (pid !== null) await requirePeople(trx, tenant, [pid]);
        if (before.seniorManagerPersonId === pid) return { result: before, audit: null };
        await trx
          .updateTable('agencies')
          .set({ senior_manager_person_id: pid })
          .where('tenant_id', '=', tenant)
          .where('id', '=', aid)
          .execute();
        return {
          result: { ...before, seniorManagerPersonId: pid },
          audit: {
            action: 'agency.senior_manager_set',
            entityType: 'agency',
            entityId: aid,
            reviewId: null,
            before: { seniorManagerPersonId: before.seniorManagerPersonId },
            after: { seniorManagerPersonId: pid },
          },
        };
      });
    },

    async get(tenantId: string, agencyId: string): Promise<Agency> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      return toAgency(await requireRow(ctx.db, 'agencies', tenant, parseInput(id('The agency'), agencyId), 'agency'));
    },

    async list(tenantId: string): Promise<Agency[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const rows = await ctx.db
        .selectFrom('agencies')
        .select(SUPPORT_COLUMNS)
        .where('tenant_id', '=', tenant)
        .orderBy('name')
        .execute();
      return rows.map(toAgency);
    },
  };
}

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
