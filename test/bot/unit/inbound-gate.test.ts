/** The gate admits Teams activities from the tenants the bot serves, and nothing else. */
import { checkInbound } from '../../../src/bot/inbound-gate';
import { malformedActivity } from '../../../src/bot/activity-shape';

const OURS = '72f988bf-0000-4000-8000-00000000a001';
const THEIRS = '0b0b0b0b-0000-4000-8000-00000000b002';
const ONLY_OURS = { any: false as const, ids: [OURS] };

const activity = (overrides: object = {}) => ({
  channelId: 'msteams',
  conversation: { tenantId: OURS },
  channelData: { tenant: { id: OURS } },
  ...overrides,
});

it('admits a Teams activity from a tenant on the list, whatever the case of its id', () => {
  expect(checkInbound(activity(), ONLY_OURS)).toEqual({ admitted: true, tenantId: OURS });
  expect(checkInbound(activity({ conversation: { tenantId: OURS.toUpperCase() } }), ONLY_OURS)).toEqual({
    admitted: true,
    tenantId: OURS,
  });
});

it.each([
  ['another channel', activity({ channelId: 'webchat' }), 'not_teams'],
  ['the emulator', activity({ channelId: 'emulator' }), 'not_teams'],
  ['no tenant at all', activity({ conversation: {}, channelData: {} }), 'no_tenant'],
  [
    'another tenant',
    activity({ conversation: { tenantId: THEIRS }, channelData: { tenant: { id: THEIRS } } }),
    'tenant_not_allowed',
  ],
  ['two tenants that disagree', activity({ channelData: { tenant: { id: THEIRS } } }), 'tenant_mismatch'],
])('refuses %s', (_label, a, reason) => {
  expect(checkInbound(a, ONLY_OURS)).toEqual({ admitted: false, reason });
});

it('takes the tenant from the channel data when the conversation does not carry it', () => {
  expect(checkInbound(activity({ conversation: {} }), ONLY_OURS)).toEqual({ admitted: true, tenantId: OURS });
});

it('admits any tenant only when told to, and still wants one', () => {
  const any = { any: true as const };
  expect(checkInbound(activity({ conversation: { tenantId: THEIRS }, channelData: {} }), any)).toEqual({
    admitted: true,
    tenantId: THEIRS,
  });
  expect(checkInbound(activity({ conversation: {}, channelData: {} }), any)).toEqual({
    admitted: false,
    reason: 'no_tenant',
  });
});

describe('a malformed activity', () => {
  const good = {
    type: 'message',
    id: '1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: '29:a' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:1' },
  };

  it('is recognised, naming the field but not its content', () => {
    expect(malformedActivity(good)).toBeNull();
    expect(malformedActivity([])).toBe('body: Expected object, received array');
    expect(malformedActivity({ ...good, conversation: undefined })).toBe('conversation: Required');
    expect(malformedActivity({ ...good, serviceUrl: 'not a url' })).toBe('serviceUrl: Invalid url');
  });
});
