/** Spawns a TypeScript helper script as one real Node process (tsx as a loader, not a wrapper, so a signal reaches it). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function spawnScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string, undefined>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]() as AsyncIterator<string, undefined>;
  return { child, lines, stderr: () => stderr };
}

/** The next line, or an error that carries the child's stderr. */
export async function nextLine(spawned: ReturnType<typeof spawnScript>): Promise<string> {
  const { value, done } = await spawned.lines.next();
  if (done) throw new Error(`the child process ended early:\n${spawned.stderr()}`);
  return value;
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));
}
