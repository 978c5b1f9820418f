// The simulator as its own process, serving the fixture population, for the tests of one file: started
// before them, stopped (and expected to exit 0) after them, with the SOAP adapter pointed at it.
import type { VtjPopulationRegister } from '../../../activities/population-register/vtj-adapter';
import { closeRegisters, developmentRegister } from './register-client';
import { FIXTURE } from './fixture-population';
import { startSimulator, writePopulation, type SimulatorProcess } from './simulator-process';

export interface FixtureSimulator {
  /** The running process; only once `beforeAll` has run. */
  readonly simulator: SimulatorProcess;
  /** The adapter to it (timeout 30 s: these tests are about answers, not speed); only once `beforeAll` has run. */
  readonly register: VtjPopulationRegister;
}

/** Registers the `beforeAll`/`afterAll` hooks of the calling test file; call at its top level. */
export function useFixtureSimulator(env: Record<string, string> = {}): FixtureSimulator {
  let simulator: SimulatorProcess | undefined;
  let register: VtjPopulationRegister | undefined;
  const population = writePopulation(FIXTURE);

  beforeAll(async () => {
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file, ...env });
    register = developmentRegister(simulator.url, { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    closeRegisters();
    expect(await simulator?.stop()).toBe(0);
    population.remove();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the fixture simulator is not running: use it from within tests or hooks');
    return value;
  };
  return {
    get simulator() {
      return started(simulator);
    },
    get register() {
      return started(register);
    },
  };
}
