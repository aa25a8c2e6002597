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

function withStep(template: Record<string, unknown>, index: number, change: Record<string, unknown>) {
  const steps = [...(template.steps as Array<Record<string, unknown>>)];
  steps[index] = { ...steps[index], ...change };
  return { ...template, steps };
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
    // The closing stage counts from the review's end and has no timescale of its own.
    expect(template.timescale?.source ?? (template.stage === 'closing' && template.source)).toMatch(/seed 00\d/);
  });

  it('loads all of them with the default reminder policy', () => {
    const { templates, policy } = loadTemplates();
    expect([...templates.keys()].sort()).toEqual([
      'closing-stage',
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
    expect(template.timescale!.target).toEqual({ amount: 42, unit: 'calendar_days' });
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
      'improvement-actions-agreed',
      'summary-report-to-committee',
      'summary-report-to-csog',
    ]);
  });

  it('makes telling CSOG and the Care Inspectorate of the decision duties for both outcomes (001 §6, §11)', () => {
    const template = loadTemplates().templates.get('decision-stage')!;
    const duty = (id: string) => template.steps.find((step) => step.id === id)!;
    expect(duty('decision-sent-to-cog')).toMatchObject({ owner: 'committee_chair', duty: true });
    expect(duty('decision-sent-to-cog').outcome).toBeUndefined();
    expect(duty('decision-sent-to-care-inspectorate')).toMatchObject({ owner: 'lead_officer', duty: true });
    expect(duty('decision-sent-to-care-inspectorate').outcome).toBeUndefined();
    // A decision not to proceed carries its improvement actions and a summary report to the
    // committee and then CSOG (001 §4, §5).
    expect(
      template.steps.filter((step) => step.outcome === 'not_proceed').map((step) => [step.id, step.owner, step.duty]),
    ).toEqual([
      ['improvement-actions-agreed', 'lead_officer', false],
      ['summary-report-to-committee', 'lead_officer', true],
      ['summary-report-to-csog', 'committee_chair', true],
    ]);
  });

  it('runs Tier 1 from the notification: weeks 1–4 hold the meeting that decides, and its 3 months count from the notification (000)', () => {
    const template = loadTemplates().templates.get('tier-1')!;
    expect(template.timescale).toMatchObject({ anchor: 'notification', target: { amount: 3, unit: 'months' } });
    expect(template.steps.every((step) => step.anchor.from === 'notification')).toBe(true);
    expect(template.steps[0]).toMatchObject({
      id: 'decision-meeting',
      meetingKind: 'screening_meeting',
      completedBy: 'decision',
      period: 'weeks 1–4',
      offset: { amount: 4, unit: 'weeks' },
    });
    // No step of its own is planned after week 9: the closing stage follows, in weeks 10–12.
    expect(Math.max(...template.steps.map((step) => step.offset.amount))).toBe(9);
    expect(template.timetableOwner).toBe('lead_officer');
  });

  it('ends Tier 1, Tier 2/3 and all six Learning Together options with one shared closing stage (001 §8–§11)', () => {
    const { templates } = loadTemplates();
    const reviewTemplates = [...templates.values()].filter((template) => template.stage === 'review');
    expect(reviewTemplates).toHaveLength(8);
    for (const template of reviewTemplates)
      expect([template.id, template.closingTemplate]).toEqual([template.id, 'closing-stage']);
    const closing = templates.get('closing-stage')!;
    expect(closing.steps.map((step) => [step.id, step.owner, step.duty, step.completes])).toEqual([
      ['report-presented-to-committee', 'reviewer', false, true],
      ['report-presented-to-csog', 'committee_chair', true, false],
      ['report-to-care-inspectorate', 'lead_officer', true, false],
      ['feedback-to-staff', 'lead_officer', false, false],
      ['feedback-to-family', 'lead_officer', false, false],
      ['improvement-plan', 'committee_chair', false, false],
      ['learning-disseminated', 'lead_officer', false, false],
      ['care-inspectorate-follow-up', 'committee_chair', false, false],
    ]);
    // The report stays within the committee until CSOG has considered it (001 §4, §8): everything
    // that shares it counts from CSOG.
    for (const id of ['report-to-care-inspectorate', 'feedback-to-staff', 'feedback-to-family', 'improvement-plan'])
      expect(closing.steps.find((step) => step.id === id)!.anchor).toEqual({
        from: 'step',
        step: 'report-presented-to-csog',
      });
    // No review template keeps its own copy of these steps.
    const tier23 = templates.get('tier-2-3')!.steps.map((step) => step.id);
    expect(tier23).not.toContain('presentation-to-committee-and-cog');
    expect(tier23.at(-1)).toBe('final-report');
  });

  it('never makes a practitioner or a report author the owner of a step (001 §6, 004)', () => {
    const template = builtIn('tier-2-3.json') as { steps: Array<Record<string, unknown>> };
    for (const owner of ['practitioner', 'report_author', 'chair']) {
      template.steps[0] = { ...template.steps[0], owner };
      const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'tier-2-3.json': template }) }));
      expect(error.issues.map((issue) => issue.field)).toContain('steps[0].owner');
    }
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
    expect(template.timescale!.target).toEqual({ amount: 6, unit: 'months' });
    expect(template.timescale!.limit).toEqual({ amount: 9, unit: 'months' });
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

  it('refuses a review template whose closing stage is not loaded, and closing steps that reuse a step id', () => {
    const tier1 = { ...builtIn('tier-1.json'), closingTemplate: 'no-such-closing' };
    const missing = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'tier-1.json': tier1 }) }));
    expect(missing.message).toMatch(/closingTemplate "no-such-closing" is not a loaded closing-stage template/);
    const closing = builtIn('closing-stage.json') as { steps: Array<Record<string, unknown>> };
    closing.steps[3] = { ...closing.steps[3], id: 'final-report' };
    const clash = loadError(() => loadTemplates({ overrideDir: tempFolder({ 'closing-stage.json': closing }) }));
    expect(clash.message).toMatch(/step "final-report" of closing-stage is also a step of /);
  });

  it.each([
    [
      'a closing stage with a timescale',
      'closing-stage.json',
      (t: Record<string, unknown>) => ({ ...t, timescale: builtIn('tier-1.json').timescale }),
      'timescale',
    ],
    [
      "a review step counting from the review's end",
      'tier-2-3.json',
      (t: Record<string, unknown>) => withStep(t, 0, { anchor: { from: 'review_end' } }),
      'steps[0].anchor.from',
    ],
    [
      'a review step that applies after one outcome',
      'tier-2-3.json',
      (t: Record<string, unknown>) => withStep(t, 0, { outcome: 'not_proceed' }),
      'steps[0].outcome',
    ],
    [
      'two steps marking the review complete',
      'closing-stage.json',
      (t: Record<string, unknown>) => withStep(t, 1, { completes: true }),
      'steps',
    ],
  ])('refuses %s', (_label, file, change, field) => {
    const error = loadError(() => loadTemplates({ overrideDir: tempFolder({ [file]: change(builtIn(file)) }) }));
    expect(error.issues.map((issue) => issue.field)).toContain(field);
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
