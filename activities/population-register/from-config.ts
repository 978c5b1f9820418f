// Builds the register adapter from the validated configuration; reads the TLS files once, at start-up.
import { readFileSync } from 'node:fs';
import { VtjPopulationRegister } from './vtj-adapter';
import { parseXRoadClient, parseXRoadService } from './vtj-protocol';

export interface RegisterConfig {
  REGISTER_URL: string;
  REGISTER_TIMEOUT_MS: number;
  REGISTER_USERNAME: string;
  REGISTER_PASSWORD: string;
  XROAD_CLIENT: string;
  XROAD_SERVICE: string;
  XROAD_USER_ID: string;
  REGISTER_TLS_CERT_PATH?: string;
  REGISTER_TLS_KEY_PATH?: string;
  REGISTER_TLS_CA_PATH?: string;
}

export function createPopulationRegister(
  config: RegisterConfig,
  logger?: { error(fields: object, message: string): void },
): VtjPopulationRegister {
  const client = parseXRoadClient(config.XROAD_CLIENT);
  const service = parseXRoadService(config.XROAD_SERVICE);
  // The configuration was validated at start-up; this guards callers that built their own.
  if (!client || !service) throw new Error('XROAD_CLIENT or XROAD_SERVICE is not a valid X-Road identifier');
  const file = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  return new VtjPopulationRegister({
    url: config.REGISTER_URL,
    username: config.REGISTER_USERNAME,
    password: config.REGISTER_PASSWORD,
    client,
    service,
    userId: config.XROAD_USER_ID,
    timeoutMs: config.REGISTER_TIMEOUT_MS,
    tls: { cert: file(config.REGISTER_TLS_CERT_PATH), key: file(config.REGISTER_TLS_KEY_PATH), ca: file(config.REGISTER_TLS_CA_PATH) },
    logger,
  });
}
