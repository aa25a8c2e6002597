/**
 * Reads process templates from disk: the repository's `templates/` folder, then optionally a
 * committee's own folder (same id replaces, new id adds). Every file is validated with the pure
 * schemas in `domain/`; a bad file stops the start with the file, the field and the reason.
 *
 * `reminder-policy.json` is not a template: in the built-in folder it holds the full default
 * policy; in the committee's folder it may override any part of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import {
  type CalendarOptions,
  committeeEngine,
  createCalendar,
  type EngineContext,
  type ProcessTemplate,
  processTemplateSchema,
  type ReminderPolicy,
  registryProblems,
  reminderPolicyOverrideSchema,
  reminderPolicySchema,
  resolvePolicy,
  type TemplateRegistry,
} from '../domain';

export const REMINDER_POLICY_FILE = 'reminder-policy.json';

/** The repository's `templates/` folder, from `src/templates` or `dist/templates` alike. */
export const BUILT_IN_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

export interface TemplateIssue {
  /** Dotted path of the field, e.g. `steps[3].anchor.step`; empty for the file as a whole. */
  field: string;
  reason: string;
}

export class TemplateLoadError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly TemplateIssue[],
  ) {
    super(
      `Template file ${file} is invalid: ${issues.map((issue) => (issue.field ? `${issue.field}: ${issue.reason}` : issue.reason)).join('; ')}`,
    );
    this.name = 'TemplateLoadError';
  }
}

export interface LoadTemplatesOptions {
  /** Defaults to the repository's `templates/`. */
  builtInDir?: string;
  /** A committee's folder of extra or replacement templates (e.g. `TEMPLATES_DIR`). */
  overrideDir?: string | null;
}

export interface LoadedTemplates {
  templates: TemplateRegistry;
  policy: ReminderPolicy;
  /** Which file each template came from, for messages and the audit log. */
  sources: ReadonlyMap<string, string>;
}

export function loadTemplates(options: LoadTemplatesOptions = {}): LoadedTemplates {
  const builtIn = readFolder(options.builtInDir ?? BUILT_IN_TEMPLATES_DIR);
  if (builtIn.policyFile === null) {
    throw new TemplateLoadError(path.join(options.builtInDir ?? BUILT_IN_TEMPLATES_DIR, REMINDER_POLICY_FILE), [
      { field: '', reason: 'file is missing' },
    ]);
  }
  let policy = parseFile(builtIn.policyFile, reminderPolicySchema);
  const templates = new Map(builtIn.templates);
  const sources = new Map(builtIn.sources);
  if (options.overrideDir) {
    const overrides = readFolder(options.overrideDir);
    if (overrides.policyFile !== null)
      policy = resolvePolicy(policy, parseFile(overrides.policyFile, reminderPolicyOverrideSchema));
    for (const [id, template] of overrides.templates) {
      templates.set(id, template);
      sources.set(id, overrides.sources.get(id) as string);
    }
  }
  // Templates that are sound one by one may still not fit together (a closing stage not loaded).
  const [problem] = registryProblems(templates);
  if (problem)
    throw new TemplateLoadError(sources.get(problem.templateId) ?? problem.templateId, [
      { field: '', reason: problem.reason },
    ]);
  return { templates, policy, sources };
}

export interface EngineContextOptions extends LoadTemplatesOptions, CalendarOptions {
  /** `HH:mm`; the policy's time of day by default. */
  reminderTime?: string;
}

/**
 * Templates and policy with one calendar, ready for `timeline` and `dueReminders`: for tests and
 * benchmarks. The service gives each committee its own calendar from the store (`committeeEngine`).
 */
export function createEngineContext(options: EngineContextOptions = {}): EngineContext {
  return committeeEngine(loadTemplates(options), createCalendar(options), options.reminderTime);
}

/** Reads and validates one template file. */
export function loadTemplateFile(file: string): ProcessTemplate {
  return parseFile(file, processTemplateSchema);
}

interface Folder {
  templates: Map<string, ProcessTemplate>;
  sources: Map<string, string>;
  policyFile: string | null;
}

function readFolder(dir: string): Folder {
  const folder: Folder = { templates: new Map(), sources: new Map(), policyFile: null };
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const name of names) {
    const file = path.join(dir, name);
    if (name === REMINDER_POLICY_FILE) {
      folder.policyFile = file;
      continue;
    }
    const template = loadTemplateFile(file);
    const clash = folder.sources.get(template.id);
    if (clash)
      throw new TemplateLoadError(file, [{ field: 'id', reason: `"${template.id}" is already used by ${clash}` }]);
    folder.templates.set(template.id, template);
    folder.sources.set(template.id, file);
  }
  return folder;
}

function parseFile<T>(file: string, schema: ZodType<T, ZodTypeDef, unknown>): T {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateLoadError(file, [{ field: '', reason: `cannot be read as JSON (${(error as Error).message})` }]);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new TemplateLoadError(file, issuesOf(parsed.error));
  return parsed.data;
}

function issuesOf(error: ZodError): TemplateIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path), reason: issue.message }));
}

/** `['steps', 3, 'anchor']` -> `steps[3].anchor`. */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
}
