// Runs the register simulator as a real child process, the way the worker and the benchmark meet it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PopulationPerson } from '../../../src/register-simulator/population';

const REPO = resolve(__dirname, '../../..');
const MAIN = join(REPO, 'src/register-simulator/main.ts');
const READY_TIMEOUT_MS = 15_000;

export interface SimulatorProcess {
  url: string;
  /** Everything the process wrote so far, both streams. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function spawnSimulator(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register', MAIN], {
    cwd: REPO,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', REGISTER_SIM_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function startSimulator(env: Record<string, string> = {}): Promise<SimulatorProcess> {
  const child = spawnSimulator(env);
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`simulator not ready in ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"event":"listening"'));
      if (!line) return;
      clearTimeout(timer);
      resolveStart({
        url: JSON.parse(line).url,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(new Error(`simulator exited with ${code} before listening:\n${output}`));
    });
  });
}

/** For start-up failures: runs the process to its end. */
export function runSimulatorToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnSimulator(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS);
  return new Promise((done) =>
    child.once('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    }),
  );
}

/** A temporary folder with a population file: a list of persons, any other JSON, or raw text.
 * Call `remove` in afterAll. */
export function writePopulation(content: Partial<PopulationPerson>[] | object | string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'register-sim-'));
  const file = join(dir, 'population.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(Array.isArray(content) ? { persons: content } : content));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
