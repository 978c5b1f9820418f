// A real SMTP server on an ephemeral loopback port (no TLS, no auth) for the mail tests: either with a
// handler of the test's own, or as an inbox that keeps every message it receives (raw, as sent).
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export async function startSmtpServer(onData: NonNullable<SMTPServerOptions['onData']>): Promise<{ server: SMTPServer; url: string }> {
  // No DNS in a test: the reverse lookup of 127.0.0.1 would ask the network's resolver.
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], disableReverseLookup: true, onData });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
}

export interface ReceivedMail {
  to: string[];
  data: string;
}

export interface SmtpInbox {
  url: string;
  /** Every message so far; empty it with `mails.length = 0`. */
  mails: ReceivedMail[];
  stop(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const { server, url } = await startSmtpServer((stream, session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  });
  return { url, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
