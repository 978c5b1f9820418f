// Process entry of the population-register simulator.
//   REGISTER_SIM_POPULATION   JSON population file; without it a generated population (REGISTER_SIM_SEED, default 2024)
//   REGISTER_SIM_PORT         default 4010 (0 picks a free port)
//   REGISTER_SIM_HOST         default 127.0.0.1
//   REGISTER_SIM_LATENCY_MS, REGISTER_SIM_ERROR_RATE, REGISTER_SIM_TIMEOUT_RATE   fault injection
// Prints one JSON line {"event":"listening","url":...} on stdout when ready; stops on SIGTERM/SIGINT.
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import { faultsFromEnv } from './faults';
import { generatePopulation, loadMunicipalities } from './generate-population';
import { readPopulationFile, type Population } from './population';
import { createRegisterSimulator } from './server';

const DEFAULT_PORT = 4010;
const DEFAULT_SEED = 2024;

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const faults = faultsFromEnv(env);
  const port = wholeNumber(env, 'REGISTER_SIM_PORT', DEFAULT_PORT, 65_535);
  const host = env.REGISTER_SIM_HOST || '127.0.0.1';
  const populationFile = env.REGISTER_SIM_POPULATION || undefined;
  const population: Population = populationFile
    ? readPopulationFile(populationFile)
    : generatePopulation({
        seed: wholeNumber(env, 'REGISTER_SIM_SEED', DEFAULT_SEED, 2 ** 32 - 1),
        referenceYear: helsinkiDate(Date.now()).year,
        municipalities: loadMunicipalities(),
      });

  const simulator = await createRegisterSimulator({ population, faults, port, host });
  emit('listening', {
    url: simulator.url,
    persons: simulator.personCount,
    population: populationFile ?? 'generated',
    faults,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A Ctrl-C under npm arrives twice: one shutdown is enough.
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => emit('stopped', { signal }),
      (err: Error) => fail(err),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${name} must be a whole number from 0 to ${max}`);
  return value;
}

function emit(event: string, fields: object): void {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

function fail(err: Error): void {
  process.stderr.write(`${JSON.stringify({ event: 'failed', error: err.message })}\n`);
  process.exitCode = 1;
}

main(process.env).catch(fail);
