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

describe("the domain's own free text", () => {
  it.each([
    [
      'a meeting title and venue',
      { meeting: { id: 'm-1', title: 'Review of the Smith case', venue: 'Room 2, Smith House' } },
    ],
    [
      'a pause note',
      { pause: { id: 'p-1', category: 'criminal_proceedings', reason: 'Smith trial', note: 'Smith trial' } },
    ],
    ['report text', { submission: { id: 's-1', reportText: 'Smith family known since 2019' } }],
    ['an improvement action', { action: { id: 'a-1', description: 'Share the Smith chronology' } }],
    ['a pseudonym', { review: { reference: 'LR-2026-001', subjectPseudonym: 'Child Smith' } }],
    ['card inputs', { invoke: { id: 'inv-1', action: { verb: 'review.create', data: { pseudonym: 'Child Smith' } } } }],
    ['an e-mail address', { person: { id: 'p-9', email: 'jo.smith@nhs.scot', upn: 'jo.smith@nhs.scot' } }],
  ])('never logs %s, and keeps the ids beside it', (_label, fields) => {
    const { logger, lines } = capture();
    logger.info(fields, 'changed');
    expect(lines.join('')).not.toMatch(/Smith/i);
    expect(lines.join('')).toMatch(/LR-2026-001|"id":/);
  });

  it.each([
    ['meetingTitle', 'Smith case conference'],
    ['pauseNote', 'Smith trial'],
    ['reopenReason', 'Smith family came forward'],
    ['unreachablePersonName', 'Jo Smith'],
    ['contactEmail', 'jo.smith@nhs.scot'],
    ['args', 'cp 20/10/2026 Child Smith'],
  ])('redacts %s, named by what its name ends with or what it holds', (key, value) => {
    const { logger, lines } = capture();
    logger.info({ delivery: { id: 'd-1', [key]: value } }, 'about to send');
    expect(lines.join('')).not.toMatch(/Smith/i);
    expect(JSON.parse(lines[0])).toMatchObject({ delivery: { id: 'd-1', [key]: '[redacted]' } });
  });

  it("redacts a child logger's bindings, which it writes on every line", () => {
    const { logger, lines } = capture();
    logger.child({ reviewId: 'r-1', meeting: { title: 'Smith review' } }).info({ step: 'x' }, 'bound');
    expect(lines.join('')).not.toContain('Smith');
    expect(lines.join('')).toContain('r-1');
  });
});
