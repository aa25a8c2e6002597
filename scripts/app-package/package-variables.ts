/**
 * The settings the app package is built from: the `${{NAME}}` placeholders that
 * `appPackage/manifest.json` may use, each with what it means and what it accepts. They are read
 * from the environment and `.env`, as the bot's own configuration is.
 */
import { z } from 'zod';

export interface PackageVariable {
  /** Completes "set NAME to ..." and "NAME expects ...". */
  meaning: string;
  schema: z.ZodType<string>;
}

const httpsUrl = (what: string): PackageVariable => ({
  meaning: `the https address of ${what}`,
  schema: z
    .string()
    .url()
    .refine((value) => value.toLowerCase().startsWith('https://')),
});

export const PACKAGE_VARIABLES = {
  BOT_ID: {
    meaning: "the bot's Microsoft App ID, a GUID (the Azure Bot resource shows it)",
    schema: z.string().uuid(),
  },
  APP_VERSION: {
    meaning: 'the version of the package, three numbers such as 1.4.0; raise it for every upload to Teams',
    // The manifest schema's own rule: no leading zeros.
    schema: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/),
  },
  APP_DEVELOPER_NAME: {
    meaning: 'the organisation that runs the bot, as Teams shows it (at most 32 characters)',
    schema: z.string().min(1).max(32),
  },
  APP_WEBSITE_URL: httpsUrl('a page about the bot for the people who use it'),
  APP_PRIVACY_URL: httpsUrl("the committee's privacy notice for the bot"),
  APP_TERMS_URL: httpsUrl('the terms of use of the bot'),
} satisfies Record<string, PackageVariable>;

export type PackageVariableName = keyof typeof PACKAGE_VARIABLES;

export const isPackageVariable = (name: string): name is PackageVariableName => Object.hasOwn(PACKAGE_VARIABLES, name);
