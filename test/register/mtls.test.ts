// Mutual TLS to the security server: a throwaway CA signs the simulator's server certificate and our
// client certificate; the simulator then requires a client certificate, as a security server does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPopulationRegister } from '../../activities/population-register/from-config';
import { RegisterConfigurationError, RegisterUnavailableError } from '../../activities/population-register/port';
import type { VtjPopulationRegister } from '../../activities/population-register/vtj-adapter';
import { DEVELOPMENT_REGISTER } from '../../src/config/register.config';
import { loadConfig } from '../../src/config/config';
import { createRegisterSimulator, type RegisterSimulator } from '../../src/register-simulator/server';
import { FIXTURE, ID } from './support/fixture-population';
import { closeRegisters, developmentRegister, DEVELOPMENT_ACCOUNT } from './support/register-client';

const NO_PERMIT = { nonDisclosurePermit: false };
const dir = mkdtempSync(join(tmpdir(), 'register-mtls-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** A CA, and a certificate it signs for `name` (with 127.0.0.1 as subjectAltName for the server). */
function issue(ca: string, name: string, extensions: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name}`);
  writeFileSync(file(`${name}.ext`), extensions);
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.crt`), '-CAkey', file(`${ca}.key`), '-CAcreateserial', '-days', '2', '-out', file(`${name}.crt`), '-extfile', file(`${name}.ext`));
}
function authority(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '2', '-subj', `/CN=${name}`);
}

let simulator: RegisterSimulator;

beforeAll(async () => {
  authority('ca');
  authority('other-ca');
  issue('ca', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('ca', 'client', 'extendedKeyUsage=clientAuth\n');
  issue('other-ca', 'stranger', 'extendedKeyUsage=clientAuth\n');
  simulator = await createRegisterSimulator({
    population: { persons: FIXTURE },
    account: DEVELOPMENT_ACCOUNT,
    tls: { cert: readFileSync(file('server.crt')), key: readFileSync(file('server.key')), ca: readFileSync(file('ca.crt')) },
  });
}, 60_000);

afterAll(async () => {
  closeRegisters();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

function fromEnvironment(env: Record<string, string>): VtjPopulationRegister {
  const config = loadConfig({ DATABASE_URL: 'postgresql://unused', REGISTER_URL: simulator.url, ...env });
  return createPopulationRegister(config);
}

it('queries over mutual TLS configured by REGISTER_TLS_CERT_PATH, _KEY_PATH and _CA_PATH', async () => {
  const register = fromEnvironment({
    REGISTER_TLS_CERT_PATH: file('client.crt'),
    REGISTER_TLS_KEY_PATH: file('client.key'),
    REGISTER_TLS_CA_PATH: file('ca.crt'),
  });
  try {
    expect(await register.findPerson(ID.adult, NO_PERMIT)).toMatchObject({ homeMunicipalityCode: '091' });
    expect(simulator.queries().total).toBe(1);
  } finally {
    register.close();
  }
});

it('without a client certificate the security server does not let us in', async () => {
  const register = developmentRegister(simulator.url, { tls: { ca: readFileSync(file('ca.crt')) } });
  const error = await register.findPerson(ID.adult, NO_PERMIT).catch((err: unknown) => err);
  expect(error instanceof RegisterUnavailableError || error instanceof RegisterConfigurationError).toBe(true);
});

it('a client certificate of another CA is refused', async () => {
  const register = developmentRegister(simulator.url, {
    tls: { cert: readFileSync(file('stranger.crt')), key: readFileSync(file('stranger.key')), ca: readFileSync(file('ca.crt')) },
  });
  await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toBeDefined();
});

it("a server certificate our CA did not sign is a configuration fault (we never talk to an impostor)", async () => {
  const register = developmentRegister(simulator.url, {
    tls: { cert: readFileSync(file('client.crt')), key: readFileSync(file('client.key')), ca: readFileSync(file('other-ca.crt')) },
  });
  await expect(register.findPerson(ID.adult, NO_PERMIT)).rejects.toBeInstanceOf(RegisterConfigurationError);
  expect(simulator.queries().total).toBe(1);
});

it('start-up validation names a missing certificate file and an http URL with certificates', () => {
  expect(() =>
    loadConfig({ DATABASE_URL: 'postgresql://unused', REGISTER_URL: 'http://127.0.0.1:1/', REGISTER_TLS_CERT_PATH: file('nope.crt'), REGISTER_TLS_KEY_PATH: file('client.key') }),
  ).toThrow(/REGISTER_TLS_CERT_PATH: no such file[\s\S]*REGISTER_URL: must be an https:\/\/ URL/);
  expect(() => loadConfig({ DATABASE_URL: 'postgresql://unused', REGISTER_TLS_CERT_PATH: file('client.crt') })).toThrow(
    /give both/,
  );
  expect(DEVELOPMENT_REGISTER.url).toMatch(/^http:/);
});
