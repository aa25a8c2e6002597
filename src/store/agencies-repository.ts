/** The agencies of a committee (Social Work, NHS, Police Scotland, Education…), named once. */
import { isUniqueViolationOf } from './constraint-violation';
import { ensureCommittee } from './committees-repository';
import { agencyNameSchema, parseInput, tenantIdSchema } from './input-schemas';
import { newId, toInstantText } from './portable-values';
import { recordChange } from './record-change';
import type { StoreContext } from './store-context';
import { DuplicateError } from './store-errors';

export interface Agency {
  id: string;
  name: string;
}

export function createAgenciesRepository(ctx: StoreContext) {
  return {
    async add(tenantId: string, actor: string, name: string): Promise<Agency> {
      const agencyName = parseInput(agencyNameSchema, name);
      try {
        return await recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
          await ensureCommittee(ctx, trx, tenant, at);
          const agency = { id: newId(), name: agencyName };
          await trx
            .insertInto('agencies')
            .values({ ...agency, tenant_id: tenant, created_at: toInstantText(at) })
            .execute();
          return {
            result: agency,
            audit: {
              action: 'agency.added',
              entityType: 'agency',
              entityId: agency.id,
              reviewId: null,
              before: null,
              after: agency,
            },
          };
        });
      } catch (error) {
        if (isUniqueViolationOf(error, 'agencies', 'name'))
          throw new DuplicateError('agency', `${agencyName} is already listed`);
        throw error;
      }
    },

    async list(tenantId: string): Promise<Agency[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      return ctx.db
        .selectFrom('agencies')
        .select(['id', 'name'])
        .where('tenant_id', '=', tenant)
        .orderBy('name')
        .execute();
    },
  };
}

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
