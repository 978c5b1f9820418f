// Fault injection: how slow and unreliable the simulated register is, changeable while it runs.

export interface Faults {
  /** Added before every register answer. */
  latencyMs: number;
  /** Share of register queries answered with HTTP 503 and no envelope (a proxy in the way), 0..1. */
  errorRate: number;
  /** Share of register queries never answered, 0..1. */
  timeoutRate: number;
  /** Share answered with a transient SOAP fault from the service (`SOAP-ENV:Server`), 0..1. */
  soapFaultRate: number;
  /** Share answered with a transient X-Road fault of the security server (`Server.ServerProxy.NetworkError`), 0..1. */
  xroadFaultRate: number;
  /** Share answered with X-Road's access fault (`Server.ServerProxy.AccessDenied`), as when our client is not allowed, 0..1. */
  configurationFaultRate: number;
  /** Share answered with a cut-off, malformed envelope, 0..1. */
  malformedRate: number;
}

export type FaultOutcome = 'answer' | 'error' | 'timeout' | 'soapFault' | 'xroadFault' | 'configurationFault' | 'malformed';

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  soapFaultRate: 0,
  xroadFaultRate: 0,
  configurationFaultRate: 0,
  malformedRate: 0,
};

/** Each rate and the outcome it draws, in drawing order. */
const RATES: [Exclude<keyof Faults, 'latencyMs'>, FaultOutcome][] = [
  ['timeoutRate', 'timeout'],
  ['errorRate', 'error'],
  ['soapFaultRate', 'soapFault'],
  ['xroadFaultRate', 'xroadFault'],
  ['configurationFaultRate', 'configurationFault'],
  ['malformedRate', 'malformed'],
];

const ENV_NAMES: Record<keyof Faults, string> = {
  latencyMs: 'REGISTER_SIM_LATENCY_MS',
  errorRate: 'REGISTER_SIM_ERROR_RATE',
  timeoutRate: 'REGISTER_SIM_TIMEOUT_RATE',
  soapFaultRate: 'REGISTER_SIM_SOAP_FAULT_RATE',
  xroadFaultRate: 'REGISTER_SIM_XROAD_FAULT_RATE',
  configurationFaultRate: 'REGISTER_SIM_CONFIGURATION_FAULT_RATE',
  malformedRate: 'REGISTER_SIM_MALFORMED_RATE',
};

export class FaultsError extends Error {
  override name = 'FaultsError';
}

/** Applies a partial change (from the admin endpoint or the environment) after checking every field. */
export function changeFaults(current: Faults, change: unknown): Faults {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    throw new FaultsError(`faults must be an object { ${Object.keys(NO_FAULTS).map((k) => `${k}?`).join(', ')} }`);
  }
  const unknownField = Object.keys(change).find((key) => !(key in NO_FAULTS));
  if (unknownField !== undefined) throw new FaultsError(`unknown fault "${unknownField.slice(0, 64)}"`);
  const given = change as Partial<Record<keyof Faults, unknown>>;
  const next: Faults = { ...current };
  if (given.latencyMs !== undefined) next.latencyMs = checkLatency(given.latencyMs);
  for (const [name] of RATES) if (given[name] !== undefined) next[name] = checkRate(name, given[name]);
  const total = RATES.reduce((sum, [name]) => sum + next[name], 0);
  if (total > 1) throw new FaultsError('the fault rates must add up to at most 1');
  return next;
}

/** Reads REGISTER_SIM_LATENCY_MS and the REGISTER_SIM_*_RATE variables. */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  const change: Partial<Record<keyof Faults, number>> = {};
  try {
    for (const [field, name] of Object.entries(ENV_NAMES) as [keyof Faults, string][]) {
      const text = env[name];
      if (text === undefined || text.trim() === '') continue;
      const value = Number(text);
      if (Number.isNaN(value)) throw new FaultsError(`${name} must be a number`);
      change[field] = value;
    }
    return changeFaults(NO_FAULTS, change);
  } catch (err) {
    throw new FaultsError(`invalid fault settings in the environment: ${(err as Error).message}`);
  }
}

/** One draw decides a query's fate, so rates adding up to at most 1 split the queries exactly. */
export function drawFault(faults: Faults, random: () => number): FaultOutcome {
  const draw = random();
  let bound = 0;
  for (const [name, outcome] of RATES) {
    bound += faults[name];
    if (draw < bound) return outcome;
  }
  return 'answer';
}

function checkLatency(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 600_000) {
    throw new FaultsError('latencyMs must be a whole number of milliseconds from 0 to 600000');
  }
  return value;
}

function checkRate(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new FaultsError(`${name} must be a number from 0 to 1`);
  return value;
}
