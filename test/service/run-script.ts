/** Runs one of the repository's `scripts/*.ts` as an operator would, in a process of its own, with only the given environment. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `cwd` should be an empty folder, so no developer's .env is read. */
export function runScript(
  script: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ScriptRun> {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'scripts', script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}
