/**
 * The first step of every turn: only Teams, only with a tenant, only from a tenant the bot serves.
 * Anything else is refused before the store or any handler sees it, and logged without content.
 */
import type { Config } from '../config';

export type GateRefusal = 'not_teams' | 'no_tenant' | 'tenant_mismatch' | 'tenant_not_allowed';
export type GateVerdict = { admitted: true; tenantId: string } | { admitted: false; reason: GateRefusal };

/** The parts of an activity the gate reads. */
export interface GatedActivity {
  channelId?: string;
  conversation?: { tenantId?: string };
  channelData?: unknown;
}

const tenantOfChannelData = (channelData: unknown): string | undefined => {
  const tenant = (channelData as { tenant?: { id?: unknown } } | undefined)?.tenant;
  return typeof tenant?.id === 'string' && tenant.id !== '' ? tenant.id : undefined;
};

export function checkInbound(activity: GatedActivity, allowed: Config['allowedTenants']): GateVerdict {
  if (activity.channelId !== 'msteams') return { admitted: false, reason: 'not_teams' };
  const fromConversation = activity.conversation?.tenantId || undefined;
  const fromChannelData = tenantOfChannelData(activity.channelData);
  if (fromConversation && fromChannelData && fromConversation.toLowerCase() !== fromChannelData.toLowerCase()) {
    return { admitted: false, reason: 'tenant_mismatch' };
  }
  const tenant = (fromConversation ?? fromChannelData)?.toLowerCase();
  if (!tenant) return { admitted: false, reason: 'no_tenant' };
  if (!allowed.any && !allowed.ids.includes(tenant)) return { admitted: false, reason: 'tenant_not_allowed' };
  return { admitted: true, tenantId: tenant };
}
