import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BUILT_IN_TEMPLATES_DIR,
  loadTemplateFile,
  loadTemplates,
  REMINDER_POLICY_FILE,
  TemplateLoadError,
} from '../../src/templates/load-templates';

const templateFiles = readdirSync(BUILT_IN_TEMPLATES_DIR).filter(
  (name) => name.endsWith('.json') && name !== REMINDER_POLICY_FILE,
);

function tempFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function builtIn(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(BUILT_IN_TEMPLATES_DIR, name), 'utf8')) as Record<string, unknown>;
}

function loadError(run: () => unknown): TemplateLoadError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateLoadError) return error;
    throw error;
  }
  throw new Error('expected a TemplateLoadError');
}

describe('the repository’s templates', () => {
  it.each(templateFiles)('%s loads, validates and cites a seed for every step', (name) => {
    const template = loadTemplateFile(path.join(BUILT_IN_TEMPLATES_DIR, name));
    expect(`${template.id}.json`).toBe(name);
    for (const step of template.steps) expect(step.source).toMatch(/seed 00\d/);
    expect(template.timescale.source).toMatch(/seed 00\d/);
  });

  it('loads all of them with the default reminder policy', () => {
    const { templates, policy } = loadTemplates();
    expect([...templates.keys()].sort()).toEqual([
      'decision-stage',
      'learning-together-focused',
      'learning-together-full',
      'learning-together-intensive',
      'learning-together-mid-range',
      'learning-together-speed-plus',
      'learning-together-themed',
      'tier-1',
      'tier-2-3',
    ]);
    expect(policy.timeOfDay).toBe('09:00');
    expect(policy.report).toEqual({
      daysBefore: [7, 2],
      onDueDate: true,
      overdueEveryWorkingDays: 3,
      escalateAfterWorkingDays: 5,
    });
    expect(policy.decisionDeadline.daysLeft).toEqual([14, 7, 2]);
  });

  it('holds the decision stage of 001 §5–6 with its 42-day standard', () => {
    const template = loadTemplates().templates.get('decision-stage')!;
    expect(template.timescale.target).toEqual({ amount: 42, unit: 'calendar_days' });
    expect(template.steps.map((step) => step.id)).toEqual([
      'notification-received',
      'notification-acknowledged',
      'agencies-identified',
      'reports-requested',
      'reports-due',
      'recommendation-report',
      'consideration-meeting',
      'decision',
      'decision-sent-to-cog',
      'decision-sent-to-care-inspectorate',
    ]);
  });

  it('holds Tier 2/3 with Review Team Meetings 1–4, the fourth optional, six months targeted and nine at most', () => {
    const template = loadTemplates().templates.get('tier-2-3')!;
    const meetings = template.steps.filter((step) => step.meetingKind === 'review_team_meeting');
    expect(meetings.map((step) => [step.id, step.optional])).toEqual([
      ['review-team-meeting-1', false],
      ['review-team-meeting-2', false],
      ['review-team-meeting-3', false],
      ['review-team-meeting-4', true],
    ]);
    expect(template.timescale.target).toEqual({ amount: 6, unit: 'months' });
    expect(template.timescale.limit).toEqual({ amount: 9, unit: 'months' });
  });
});

describe('loading a committee’s folder', () => {
  it('replaces a template with the same id and adds a new one', () => {
    const tier1 = builtIn('tier-1.json');
    const overrideDir = tempFolder({
      'tier-1.json': { ...tier1, name: 'Our Tier 1' },
      'our-review.json': { ...tier1, id: 'our-review', name: 'Our own review' },
    });
    const { templates, sources } = loadTemplates({ overrideDir });
    expect(templates.get('tier-1')!.name).toBe('Our Tier 1');
    expect(templates.get('our-review')!.name).toBe('Our own review');
    expect(sources.get('tier-1')).toBe(path.join(overrideDir, 'tier-1.json'));
    expect(templates.get('tier-2-3')).toBeDefined();
  });

  it('merges a partial reminder policy over the defaults', () => {
    const overrideDir = tempFolder({ [REMINDER_POLICY_FILE]: { timeOfDay: '08:30', report: { daysBefore: [5] } } });
    const { policy } = loadTemplates({ overrideDir });
    expect(policy.timeOfDay).toBe('08:30');
    expect(policy.report.daysBefore).toEqual([5]);
    expect(policy.report.overdueEveryWorkingDays).toBe(3);
  });

  it('refuses a step anchored on an unknown step, naming the file, the field and the reason', () => {
    const tier1 = builtIn('tier-1.json') as { steps: Array<Record<string, unknown>> };
    tier1.steps[1] = { ...tier1.steps[1], anchor: { from: 'step', step: 'no-such-step' } };
    const overrideDir = tempFolder({ 'tier-1.json': tier1 });
    const error = loadError(() => loadTemplates({ overrideDir }));
    expect(error.file).toBe(path.join(overrideDir, 'tier-1.json'));
    expect(error.issues).toEqual([
      { field: 'steps[1].anchor.step', reason: '"no-such-step" is not a step listed before "terms-of-reference"' },
    ]);
    expect(error.message).toContain('tier-1.json');
    expect(error.message).toContain('steps[1].anchor.step');
  });

  it.each([
    ['an unknown role', (step: Record<string, unknown>) => ({ ...step, owner: 'janitor' }), 'steps[0].owner'],
    ['a misspelt field', (step: Record<string, unknown>) => ({ ...step, optinal: true }), 'steps[0]'],
    [
      'a fractional offset',
      (step: Record<string, unknown>) => ({ ...step, offset: { amount: 1.5, unit: 'weeks' } }),
      'steps[0].offset.amount',
    ],
    [
      'an unknown unit',
      (step: Record<string, unknown>) => ({ ...step, offset: { amount: 1, unit: 'fortnights' } }),
      'steps[0].offset.unit',
    ],
    [
      'a missing source',
      (step: Record<string, unknown>) => Object.fromEntries(Object.entries(step).filter(([key]) => key !== 'source')),
      'steps[0].source',
    ],
  ])('refuses %s', (_label, change, field) => {
    const template = builtIn('tier-2-3.json') as { steps: Array<Record<string, unknown>> };
    template.steps[0] = change(template.steps[0]);
    const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'tier-2-3.json': template }) }));
    expect(error.issues.map((issue) => issue.field)).toContain(field);
  });

  it('refuses a decision-stage step anchored on the decision', () => {
    const template = builtIn('decision-stage.json') as { steps: Array<Record<string, unknown>> };
    template.steps[2] = { ...template.steps[2], anchor: { from: 'decision' } };
    const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'decision-stage.json': template }) }));
    expect(error.issues[0].field).toBe('steps[2].anchor.from');
  });

  it('refuses a file that is not JSON', () => {
    const overrideDir = tempFolder({ 'broken.json': '{ "id": ' });
    const error = loadError(() => loadTemplates({ overrideDir }));
    expect(error.message).toMatch(/broken\.json is invalid: cannot be read as JSON/);
  });

  it('refuses two files with the same id in one folder', () => {
    const tier1 = builtIn('tier-1.json');
    const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'a.json': tier1, 'b.json': tier1 }) }));
    expect(error.issues[0]).toEqual({ field: 'id', reason: expect.stringContaining('already used by') });
  });

  it("refuses a template that sets the time of day: that is the committee's reminder time", () => {
    const template = { ...builtIn('tier-1.json'), reminderPolicy: { timeOfDay: '07:00' } };
    const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'tier-1.json': template }) }));
    expect(error.issues).toEqual([{ field: 'reminderPolicy', reason: expect.stringMatching(/timeOfDay/) }]);
  });

  it('refuses a reminder policy override with a bad time', () => {
    const error = loadError(() =>
      loadTemplates({ overrideDir: tempFolder({ [REMINDER_POLICY_FILE]: { timeOfDay: '9am' } }) }),
    );
    expect(error.issues).toEqual([{ field: 'timeOfDay', reason: 'must be a time HH:mm, e.g. "09:00"' }]);
  });
});
