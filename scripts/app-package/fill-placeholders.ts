/**
 * Fills the manifest template's `${{NAME}}` placeholders from the package's settings. Every string
 * in the template may hold them; what cannot be filled is named with the place it stands, the
 * variable to set and what that variable expects.
 */
import { isPackageVariable, PACKAGE_VARIABLES, PackageVariableName } from './package-variables';

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface FilledManifest {
  manifest: unknown;
  /** Where each placeholder stood (as `describePath` shows it) and the variable that filled it. */
  filledFrom: Map<string, PackageVariableName>;
  problems: string[];
}

/** `bots[0].botId` for the JSON pointer `/bots/0/botId`. */
export function describePath(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (parts.length === 0) return '(the whole manifest)';
  return parts
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * `values` holds what is set (environment over `.env`); `defaults` what a variable falls back to
 * when it is not (the package version from package.json).
 */
export function fillPlaceholders(
  template: unknown,
  values: Record<string, string | undefined>,
  defaults: Partial<Record<PackageVariableName, string>> = {},
): FilledManifest {
  const filledFrom = new Map<string, PackageVariableName>();
  const unset = new Map<PackageVariableName, string[]>();
  const invalid = new Set<PackageVariableName>();
  const unknown = new Map<string, string[]>();
  const incomplete: string[] = [];

  const valueOf = (name: PackageVariableName): string | undefined => {
    const given = values[name]?.trim();
    return given ? given : defaults[name];
  };

  const fillString = (text: string, pointer: string): string => {
    const filled = text.replace(PLACEHOLDER, (placeholder, name: string) => {
      if (!isPackageVariable(name)) {
        unknown.set(name, [...(unknown.get(name) ?? []), describePath(pointer)]);
        return placeholder;
      }
      filledFrom.set(describePath(pointer), name);
      const value = valueOf(name);
      if (value === undefined) {
        unset.set(name, [...(unset.get(name) ?? []), describePath(pointer)]);
        return placeholder;
      }
      if (!PACKAGE_VARIABLES[name].schema.safeParse(value).success) invalid.add(name);
      return value;
    });
    // What is left after the known placeholders are filled is a placeholder written wrongly.
    if (filled.replace(PLACEHOLDER, '').includes('${{')) incomplete.push(describePath(pointer));
    return filled;
  };

  const walk = (node: unknown, pointer: string): unknown => {
    if (typeof node === 'string') return fillString(node, pointer);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${pointer}/${index}`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [
          key,
          walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
        ]),
      );
    }
    return node;
  };

  const manifest = walk(template, '');
  const problems = [
    ...[...unset].map(
      ([name, paths]) =>
        `\${{${name}}} in manifest.json ${paths.join(', ')} is not filled: set ${name} to ` +
        `${PACKAGE_VARIABLES[name].meaning}, in the environment or a .env file`,
    ),
    ...[...invalid].map((name) => `${name} expects ${PACKAGE_VARIABLES[name].meaning} (got "${valueOf(name)}")`),
    ...[...unknown].map(
      ([name, paths]) =>
        `\${{${name}}} in manifest.json ${paths.join(', ')} is not a setting of the app package; ` +
        `the placeholders it fills are ${Object.keys(PACKAGE_VARIABLES).join(', ')}`,
    ),
    ...incomplete.map(
      (path) => `manifest.json ${path} has a placeholder that is not closed or not named: write it as \${{NAME}}`,
    ),
  ];
  return { manifest, filledFrom, problems };
}
