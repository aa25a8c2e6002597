/**
 * Validates a filled manifest offline against Microsoft's own JSON schema for its `manifestVersion`,
 * as shipped in the `@microsoft/app-manifest` package (the one Teams' developer tools use).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describePath } from './fill-placeholders';

const PACKAGE_ROOT = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const SCHEMAS = path.join(PACKAGE_ROOT, 'build', 'json-schemas', 'teams');

/** The manifest versions whose schema ships in the installed package, oldest first. */
export function bundledSchemaVersions(): string[] {
  const numbers = (version: string) => version.split('.').map(Number);
  return readdirSync(SCHEMAS)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1))
    .sort((a, b) => numbers(a)[0] - numbers(b)[0] || numbers(a)[1] - numbers(b)[1]);
}

export function schemaFile(manifestVersion: string): string {
  return path.join(SCHEMAS, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/**
 * Problems with the manifest, each naming the field; [] when it validates. `filledFrom` says which
 * fields came from a setting, so a problem there names the variable to change.
 */
export function validateManifest(manifest: unknown, filledFrom: ReadonlyMap<string, string> = new Map()): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string' || !existsSync(schemaFile(version))) {
    return [
      `manifest.json manifestVersion ${JSON.stringify(version)} has no schema in @microsoft/app-manifest; ` +
        `it has ${bundledSchemaVersions().join(', ')}`,
    ];
  }
  const validate = compiled(version);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => {
    const field = describePath(error.instancePath);
    const variable = filledFrom.get(field);
    return `manifest.json ${field}${variable ? ` (from ${variable})` : ''} ${explain(error)}`;
  });
}

const validators = new Map<string, ValidateFunction>();

/** Compiling a schema takes a while, so each version is compiled once. */
function compiled(manifestVersion: string): ValidateFunction {
  let validate = validators.get(manifestVersion);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(schemaFile(manifestVersion), 'utf8')) as object);
    validators.set(manifestVersion, validate);
  }
  return validate;
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `has "${String(params.additionalProperty)}", which the schema does not allow there`;
  }
  if (error.keyword === 'enum') {
    return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? `fails the schema's ${error.keyword} rule`;
}
