// Fault injection: how slow and unreliable the simulated register is, changeable while it runs.

export interface Faults {
  /** Added before every register answer. */
  latencyMs: number;
  /** Share of register queries answered with HTTP 503, 0..1. */
  errorRate: number;
  /** Share of register queries never answered, 0..1. */
  timeoutRate: number;
}

export type FaultOutcome = 'answer' | 'error' | 'timeout';

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, timeoutRate: 0 };

export class FaultsError extends Error {
  override name = 'FaultsError';
}

/** Applies a partial change (from the admin endpoint or the environment) after checking every field. */
export function changeFaults(current: Faults, change: unknown): Faults {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    throw new FaultsError('faults must be an object { latencyMs?, errorRate?, timeoutRate? }');
  }
  const unknownField = Object.keys(change).find((key) => !(key in NO_FAULTS));
  if (unknownField !== undefined) throw new FaultsError(`unknown fault "${unknownField}"`);
  const { latencyMs, errorRate, timeoutRate } = change as Partial<Record<keyof Faults, unknown>>;
  return {
    latencyMs: latencyMs === undefined ? current.latencyMs : checkLatency(latencyMs),
    errorRate: errorRate === undefined ? current.errorRate : checkRate('errorRate', errorRate),
    timeoutRate: timeoutRate === undefined ? current.timeoutRate : checkRate('timeoutRate', timeoutRate),
  };
}

/** Reads REGISTER_SIM_LATENCY_MS, REGISTER_SIM_ERROR_RATE and REGISTER_SIM_TIMEOUT_RATE. */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  const number = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return undefined;
    const value = Number(text);
    if (Number.isNaN(value)) throw new FaultsError(`${name} must be a number`);
    return value;
  };
  try {
    return changeFaults(NO_FAULTS, {
      latencyMs: number('REGISTER_SIM_LATENCY_MS'),
      errorRate: number('REGISTER_SIM_ERROR_RATE'),
      timeoutRate: number('REGISTER_SIM_TIMEOUT_RATE'),
    });
  } catch (err) {
    throw new FaultsError(`invalid fault settings in the environment: ${(err as Error).message}`);
  }
}

/** One draw decides a query's fate, so errorRate + timeoutRate ≤ 1 splits the queries exactly. */
export function drawFault(faults: Faults, random: () => number): FaultOutcome {
  const draw = random();
  if (draw < faults.timeoutRate) return 'timeout';
  if (draw < faults.timeoutRate + faults.errorRate) return 'error';
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
