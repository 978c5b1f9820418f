// The adapter with the development account the simulator accepts by default, as the worker builds it
// when nothing is configured.
import { VtjPopulationRegister, type VtjRegisterOptions } from '../../../activities/population-register/vtj-adapter';
import { parseXRoadClient, parseXRoadService } from '../../../activities/population-register/vtj-protocol';
import { DEVELOPMENT_REGISTER } from '../../../src/config/register.config';
import type { SimulatorAccount } from '../../../src/register-simulator/vtj-answer';

export const DEVELOPMENT_ACCOUNT: SimulatorAccount = {
  username: DEVELOPMENT_REGISTER.username,
  password: DEVELOPMENT_REGISTER.password,
  client: parseXRoadClient(DEVELOPMENT_REGISTER.client)!,
  service: parseXRoadService(DEVELOPMENT_REGISTER.service)!,
  nonDisclosurePermit: false,
};

const opened: VtjPopulationRegister[] = [];

export function developmentRegister(url: string, over: Partial<VtjRegisterOptions> = {}): VtjPopulationRegister {
  const register = new VtjPopulationRegister({
    url,
    username: DEVELOPMENT_ACCOUNT.username,
    password: DEVELOPMENT_ACCOUNT.password,
    client: DEVELOPMENT_ACCOUNT.client,
    service: DEVELOPMENT_ACCOUNT.service,
    userId: DEVELOPMENT_REGISTER.userId,
    timeoutMs: 30_000, // tests about answers, not speed: a loaded machine may be slow
    ...over,
  });
  opened.push(register);
  return register;
}

/** Closes the kept-alive connections of every adapter made here (call in afterAll). */
export function closeRegisters(): void {
  for (const register of opened.splice(0)) register.close();
}
