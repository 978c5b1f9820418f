// Tells a worker's joined-municipality snapshot that a municipality's joined status changed, whoever
// changed it: PostgreSQL's LISTEN/NOTIFY on the channel that the migration's trigger notifies at commit
// (prisma/migrations/*_municipality_joined_notify). One dedicated connection per worker process, outside
// the Prisma pool (a pooled connection cannot keep a LISTEN).
import { Client } from 'pg';

export const MUNICIPALITY_JOINED_CHANNEL = 'municipality_joined';
/** How operators find the listening connections in pg_stat_activity. */
export const JOINED_LISTENER_APPLICATION_NAME = 'ekirjasto-joined-listener';

export interface ListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface JoinedListenerOptions {
  databaseUrl: string;
  /** Called on every notification, and after every (re)connection: changes may have been missed while down. */
  onChange: () => void;
  logger?: ListenerLogger;
  /** Reconnection backoff: doubles from the first delay up to the last, with jitter. */
  backoffMs?: { initial: number; max: number };
}

/**
 * Listens until stopped, reconnecting with backoff whenever the connection drops. While it is down,
 * nothing is told, and the snapshot's own TTL bounds how stale it gets.
 */
export class JoinedListener {
  private client: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private listening = false;

  constructor(private readonly options: JoinedListenerOptions) {}

  /** True while a LISTEN is in place. */
  isListening(): boolean {
    return this.listening;
  }

  start(): this {
    void this.connect();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: JOINED_LISTENER_APPLICATION_NAME,
      // A connection that died silently (no FIN, e.g. a network cut) is found by the kernel's keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost || this.client !== client) return;
      lost = true;
      this.client = undefined;
      this.listening = false;
      client.end().catch(() => undefined);
      this.retryLater(err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === MUNICIPALITY_JOINED_CHANNEL) this.options.onChange();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${MUNICIPALITY_JOINED_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.client !== client) return; // stopped or lost while connecting
    this.listening = true;
    if (this.failures > 0) this.options.logger?.info({ event: 'joined-listener-reconnected', failures: this.failures }, 'listening for go-lives again');
    this.failures = 0;
    this.options.onChange();
  }

  private retryLater(err?: Error): void {
    if (this.stopped) return;
    const { initial, max } = this.options.backoffMs ?? { initial: 200, max: 10_000 };
    const delay = Math.min(max, initial * 2 ** this.failures) * (0.75 + Math.random() / 2);
    this.failures++;
    this.options.logger?.warn(
      { event: 'joined-listener-lost', error: err?.message, retryInMs: Math.round(delay), failures: this.failures },
      'not listening for go-lives: the joined-municipality snapshot falls back to its TTL until reconnected',
    );
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
