// A real SMTP server on a free loopback port (no TLS, no auth), for the activities' mail tests.
import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

export async function startSmtpServer(onData: NonNullable<SMTPServerOptions['onData']>): Promise<{ server: SMTPServer; url: string }> {
  // No DNS in a test: the reverse lookup of 127.0.0.1 would ask the network's resolver.
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], disableReverseLookup: true, onData });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
}
