import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/config';

/** Connection options shared by the client (API) and the worker: TLS and API key for a production cluster. */
export function temporalConnectionOptions(config: AppConfig) {
  const clientCert = config.TEMPORAL_TLS_CERT_PATH
    ? { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH!) }
    : undefined;
  const tlsWanted = config.TEMPORAL_TLS || clientCert !== undefined || config.TEMPORAL_API_KEY !== undefined;
  const tls = tlsWanted
    ? {
        clientCertPair: clientCert,
        serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
        serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
      }
    : undefined;
  return { address: config.TEMPORAL_ADDRESS, tls, apiKey: config.TEMPORAL_API_KEY };
}
