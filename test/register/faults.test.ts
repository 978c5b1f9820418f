// Fault injection in the simulator process, seen through the adapter.
import { RegisterAnswerError, RegisterConfigurationError, RegisterUnavailableError } from '../../activities/population-register/port';
import { NO_FAULTS } from '../../src/register-simulator/faults';
import { closeRegisters, developmentRegister } from './support/register-client';
import { FIXTURE, ID } from './support/fixture-population';
import { startSimulator, writePopulation, type SimulatorProcess } from './support/simulator-process';

const NO_PERMIT = { nonDisclosurePermit: false };
const ENV_LATENCY_MS = 60;

let simulator: SimulatorProcess;
const population = writePopulation(FIXTURE);

beforeAll(async () => {
  simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file, REGISTER_SIM_LATENCY_MS: String(ENV_LATENCY_MS) });
});

afterAll(async () => {
  closeRegisters();
  // Exits cleanly even with queries left unanswered by the timeout fault.
  expect(await simulator?.stop()).toBe(0);
  population.remove();
});

const admin = async (method: 'GET' | 'PUT', path: string, body?: object) => {
  const response = await fetch(simulator.url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};
const setFaults = (faults: object) => admin('PUT', '/admin/faults', faults);
const reset = () => setFaults(NO_FAULTS);
const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> => {
  const start = performance.now();
  const [result] = await Promise.allSettled([work()]);
  return { ms: performance.now() - start, result };
};

describe('fault settings', () => {
  it('starts with the faults of the environment and serves /health', async () => {
    expect(await admin('GET', '/admin/faults')).toEqual({
      status: 200,
      body: { ...NO_FAULTS, latencyMs: ENV_LATENCY_MS },
    });
    expect((await admin('GET', '/health')).body).toEqual({ status: 'ok', persons: FIXTURE.length });
    const register = developmentRegister(simulator.url, { timeoutMs: 2000 });
    const { ms, result } = await timed(() => register.findPerson(ID.adult, NO_PERMIT));
    expect(result.status).toBe('fulfilled');
    expect(ms).toBeGreaterThanOrEqual(ENV_LATENCY_MS - 5);
  });

  it('changes part of the faults at run time and keeps the rest', async () => {
    await reset();
    expect(await setFaults({ errorRate: 0.25 })).toEqual({ status: 200, body: { ...NO_FAULTS, errorRate: 0.25 } });
    expect((await admin('GET', '/admin/faults')).body).toEqual({ ...NO_FAULTS, errorRate: 0.25 });
  });

  it.each([
    [{ errorRate: 1.5 }, 'errorRate must be a number from 0 to 1'],
    [{ timeoutRate: '0.5' }, 'timeoutRate must be a number from 0 to 1'],
    [{ latencyMs: -1 }, 'latencyMs must be a whole number of milliseconds from 0 to 600000'],
    [{ jitter: 3 }, 'unknown fault "jitter"'],
    [{ soapFaultRate: 0.6, xroadFaultRate: 0.6 }, 'the fault rates must add up to at most 1'],
  ])('refuses %o', async (change, error) => {
    await reset();
    expect(await setFaults(change)).toEqual({ status: 400, body: { error } });
    expect((await admin('GET', '/admin/faults')).body).toEqual(NO_FAULTS);
  });
});

describe('the adapter under faults', () => {
  beforeEach(reset);

  it('error rate 1: HTTP 503 becomes a retryable RegisterUnavailableError, and recovery follows', async () => {
    const register = developmentRegister(simulator.url);
    await setFaults({ errorRate: 1 });
    const failure = register.findPerson(ID.adult, NO_PERMIT);
    await expect(failure).rejects.toBeInstanceOf(RegisterUnavailableError);
    await expect(failure).rejects.toMatchObject({
      kind: 'http',
      retryable: true,
      message: 'the population register answered HTTP 503',
    });
    await reset();
    expect(await register.findPerson(ID.adult, NO_PERMIT)).not.toBeNull();
  });

  it.each([
    ['a SOAP Server fault', { soapFaultRate: 1 }, RegisterUnavailableError],
    ['an X-Road network fault', { xroadFaultRate: 1 }, RegisterUnavailableError],
    ['an X-Road access fault (our configuration)', { configurationFaultRate: 1 }, RegisterConfigurationError],
    ['a cut-off envelope', { malformedRate: 1 }, RegisterAnswerError],
  ])('%s from the fault menu', async (_case, faults, expected) => {
    const register = developmentRegister(simulator.url);
    await setFaults(faults);
    await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toBeInstanceOf(expected);
    await reset();
    expect(await register.findPerson(ID.adult, NO_PERMIT)).not.toBeNull();
  });

  it('refuses, with a SOAP fault, an adapter with the wrong password', async () => {
    const register = developmentRegister(simulator.url, { password: 'not-the-password' });
    await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toBeInstanceOf(RegisterConfigurationError);
  });

  it('timeout rate 1: gives up after the adapter timeout', async () => {
    const register = developmentRegister(simulator.url, { timeoutMs: 300 });
    await setFaults({ timeoutRate: 1 });
    const { ms, result } = await timed(() => register.findPerson(ID.adult, NO_PERMIT));
    expect(result.status).toBe('rejected');
    const reason = (result as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(RegisterUnavailableError);
    expect(reason).toMatchObject({ kind: 'timeout', message: 'the population register did not answer within 300 ms' });
    // Not sooner than the timeout; never answering, the register would hold the call for ever without it.
    expect(ms).toBeGreaterThanOrEqual(290);
  });

  it('latency longer than the timeout is a timeout; shorter only slows', async () => {
    await setFaults({ latencyMs: 250 });
    const impatient = developmentRegister(simulator.url, { timeoutMs: 100 });
    await expect(impatient.findPerson(ID.adult, NO_PERMIT)).rejects.toMatchObject({ kind: 'timeout' });
    const patient = developmentRegister(simulator.url, { timeoutMs: 10_000 });
    const { ms, result } = await timed(() => patient.findPerson(ID.adult, NO_PERMIT));
    expect(result).toMatchObject({ status: 'fulfilled', value: { homeMunicipalityCode: '091' } });
    expect(ms).toBeGreaterThanOrEqual(245);
  });

  it("the caller's cancellation wins over retryable errors", async () => {
    const register = developmentRegister(simulator.url, { timeoutMs: 2000 });
    await setFaults({ timeoutRate: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('activity cancelled')), 50);
    await expect(register.findPerson(ID.adult, { ...NO_PERMIT, signal: controller.signal })).rejects.toThrow('activity cancelled');
  });

  it('a partial error rate fails about that share of queries', async () => {
    // A generous timeout: on a loaded machine, timeouts would count as failures too.
    const register = developmentRegister(simulator.url, { timeoutMs: 10_000 });
    await setFaults({ errorRate: 0.5 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => register.findPerson(ID.adult, NO_PERMIT)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
  });

  it('errors never contain the identity code', async () => {
    const register = developmentRegister(simulator.url, { timeoutMs: 100 });
    for (const faults of [{ errorRate: 1 }, { timeoutRate: 1 }, { soapFaultRate: 1 }, { configurationFaultRate: 1 }, { malformedRate: 1 }]) {
      await setFaults({ ...NO_FAULTS, ...faults });
      const error = await register.findPerson(ID.adult, NO_PERMIT).catch((err: Error) => err);
      expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(ID.adult);
    }
  });
});
