import { Writable } from 'node:stream';
import { createLogger } from '../src/logger';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('the log', () => {
  it('keeps ids but never what a person wrote or who they are, however deep it sits', () => {
    const { logger, lines } = capture();
    const activity = {
      id: 'activity-1',
      text: 'about the Smith boy',
      from: { id: '29:abc', name: 'Sam Practitioner', aadObjectId: 'aad-1' },
      channelData: { tenant: { id: 'tenant-1' }, text: 'Smith again', card: { body: [{ value: 'Jo Smith' }] } },
      conversation: { id: 'conv-1', tenantId: 'tenant-1' },
    };
    logger.info({ activity, headers: { Authorization: 'Bearer abc.def' } }, 'received');
    const line = lines.join('');
    for (const secret of ['Smith', 'Sam Practitioner', 'Bearer abc.def']) expect(line).not.toContain(secret);
    const parsed = JSON.parse(line) as { activity: { channelData: { card: { body: Array<{ value: unknown }> } } } };
    expect(parsed.activity).toMatchObject({
      id: 'activity-1',
      from: { id: '29:abc', aadObjectId: 'aad-1' },
      conversation: { id: 'conv-1' },
    });
    expect(parsed.activity.channelData.card.body[0].value).toBe('[redacted]');
  });

  it('survives a circular object', () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { id: 'x' };
    loop.self = loop;
    logger.info({ loop }, 'loop');
    expect((JSON.parse(lines[0]) as { loop: unknown }).loop).toEqual({ id: 'x', self: '[circular]' });
  });
});
