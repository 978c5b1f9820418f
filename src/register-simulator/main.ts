// Process entry of the population-register simulator.
//   REGISTER_SIM_POPULATION   JSON population file; without it a generated population (REGISTER_SIM_SEED, default 2024)
//   REGISTER_SIM_PORT         default 4010 (0 picks a free port)
//   REGISTER_SIM_HOST         default 127.0.0.1
//   REGISTER_SIM_LATENCY_MS, REGISTER_SIM_*_RATE   fault injection (see faults.ts)
//   REGISTER_USERNAME, REGISTER_PASSWORD, XROAD_CLIENT, XROAD_SERVICE   the one account it accepts: the
//     adapter's own variables, so one environment configures both sides (development defaults otherwise)
//   NON_DISCLOSURE_PERMIT     whether that account receives data behind a non-disclosure marking
//   REGISTER_SIM_TLS_CERT_PATH, REGISTER_SIM_TLS_KEY_PATH, REGISTER_SIM_TLS_CA_PATH   serve mutual TLS
// Prints one JSON line {"event":"listening","url":...} on stdout when ready; stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { parseXRoadClient, parseXRoadService } from '../../activities/population-register/vtj-protocol';
import { DEVELOPMENT_REGISTER } from '../config/register.config';
import { helsinkiDate } from '../../workflows/eligibility/identity-code';
import type { SimulatorAccount } from './vtj-answer';
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

  const simulator = await createRegisterSimulator({ population, faults, port, host, account: accountFromEnv(env), tls: tlsFromEnv(env) });
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

function accountFromEnv(env: NodeJS.ProcessEnv): SimulatorAccount {
  const client = parseXRoadClient(env.XROAD_CLIENT || DEVELOPMENT_REGISTER.client);
  const service = parseXRoadService(env.XROAD_SERVICE || DEVELOPMENT_REGISTER.service);
  if (!client) throw new Error('XROAD_CLIENT must be INSTANCE/CLASS/MEMBER/SUBSYSTEM');
  if (!service) throw new Error('XROAD_SERVICE must be INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE/VERSION');
  return {
    username: env.REGISTER_USERNAME || DEVELOPMENT_REGISTER.username,
    password: env.REGISTER_PASSWORD || DEVELOPMENT_REGISTER.password,
    client,
    service,
    nonDisclosurePermit: ['true', '1', 'yes'].includes(env.NON_DISCLOSURE_PERMIT ?? ''),
  };
}

function tlsFromEnv(env: NodeJS.ProcessEnv) {
  const [cert, key, ca] = ['REGISTER_SIM_TLS_CERT_PATH', 'REGISTER_SIM_TLS_KEY_PATH', 'REGISTER_SIM_TLS_CA_PATH'].map((name) => env[name]);
  if (!cert && !key && !ca) return undefined;
  if (!cert || !key || !ca) throw new Error('REGISTER_SIM_TLS_CERT_PATH, REGISTER_SIM_TLS_KEY_PATH and REGISTER_SIM_TLS_CA_PATH go together');
  return { cert: readFileSync(cert), key: readFileSync(key), ca: readFileSync(ca) };
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
