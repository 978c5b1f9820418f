// The API's connection to Temporal: the SDK's native (Rust) client, connected on first use and again
// after a failed attempt. Native, because the pure-JavaScript gRPC client (grpc-js) costs about twice
// the CPU per call: `npm run bench` measured the Temporal client's share of a check (start + result)
// at 8.8 ms with grpc-js and 4.5 ms native, the largest single item of the API's CPU (docs/performance.md).
// Lazy, because the API must start, and say "not ready", while Temporal is still coming up, and a
// NativeConnection can only be made by connecting.
import type { ConnectionLike, Metadata } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

type Services = Pick<NativeConnection, 'workflowService' | 'operatorService'>;

export class LazyNativeConnection implements ConnectionLike {
  readonly workflowService: NativeConnection['workflowService'];
  readonly operatorService: NativeConnection['operatorService'];
  readonly plugins = [];
  private connection?: NativeConnection;
  private connecting?: Promise<NativeConnection>;
  private closed = false;

  constructor(private readonly options: NativeConnectionOptions) {
    this.workflowService = this.service('workflowService');
    this.operatorService = this.service('operatorService');
  }

  /** Where it connects (host:port). */
  get address(): string | undefined {
    return this.options.address;
  }

  /** Connects unless connected; a failed attempt is not remembered: the next call tries again. */
  async ensureConnected(): Promise<void> {
    await this.connected();
  }

  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    return this.connected().then((c) => c.withDeadline(deadline, fn));
  }

  withMetadata<R>(metadata: Metadata, fn: () => Promise<R>): Promise<R> {
    return this.connected().then((c) => c.withMetadata(metadata, fn));
  }

  /** The native client does not cancel a call on abort (SDK 1.24): the call runs to its end or deadline. */
  withAbortSignal<R>(abortSignal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.connected().then((c) => c.withAbortSignal(abortSignal, fn));
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection ?? (await this.connecting?.catch(() => undefined));
    this.connection = undefined;
    await connection?.close();
  }

  private connected(): Promise<NativeConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    if (this.closed) return Promise.reject(new Error('the Temporal connection is closed'));
    this.connecting ??= NativeConnection.connect(this.options).then(
      (connection) => {
        this.connecting = undefined;
        if (this.closed) {
          void connection.close();
          throw new Error('the Temporal connection is closed');
        }
        return (this.connection = connection);
      },
      (err: unknown) => {
        this.connecting = undefined;
        throw err;
      },
    );
    return this.connecting;
  }

  /**
   * A service whose every method connects first, then calls the native connection's. The call runs
   * inside the caller's async context, so a deadline or metadata set by `withDeadline`/`withMetadata`
   * reaches it.
   */
  private service<K extends keyof Services>(name: K): Services[K] {
    return new Proxy({} as Services[K], {
      get: (_, method) => {
        // Not a thenable, and no symbols: only the RPC methods are forwarded.
        if (typeof method !== 'string' || method === 'then') return undefined;
        return async (request: unknown) => {
          const service = (await this.connected())[name] as unknown as Record<string, (r: unknown) => Promise<unknown>>;
          return service[method](request);
        };
      },
    });
  }
}
