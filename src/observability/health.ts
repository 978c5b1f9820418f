// Liveness and readiness (@nestjs/terminus). Live: the process answers. Ready: the database answers
// `SELECT 1`, the Temporal frontend answers GetSystemInfo, and the population register's address (our
// X-Road security server) accepts a connection, each within HEALTH_CHECK_TIMEOUT_MS; otherwise 503
// naming what is down. The register is only connected to, never asked: a probe query would be a query
// about a person without cause (DVV's terms), and the security server has no health page of its own.
// Failure messages are short and fixed (a kind and a code), never the driver's text, which could carry
// a connection string.
import { Controller, Get, Header, Inject, Injectable, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { connect } from 'node:net';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { ROOT_LOGGER } from './logging.module';
import type { Logger } from './logger';
import { observabilityConfig } from './observability-config';

class CheckTimeout extends Error {}

function withTimeout<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const work$ = work();
  work$.catch(() => undefined);
  return Promise.race([
    work$,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A fixed, safe description of why a check failed. */
export function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof CheckTimeout) return `no answer within ${timeoutMs} ms`;
  const e = err as { code?: unknown; cause?: { code?: unknown; details?: unknown }; name?: unknown };
  const code = [e?.code, e?.cause?.code].find((c) => typeof c === 'string' || typeof c === 'number');
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return `unreachable (${code})`;
  if (typeof code === 'number') return `unreachable (gRPC status ${code})`;
  return `unreachable (${typeof e?.name === 'string' && /^\w{1,60}$/.test(e.name) ? e.name : 'error'})`;
}

export const READINESS_KEYS = ['database', 'temporal', 'register'] as const;

@Injectable()
export class ReadinessChecks {
  private readonly timeoutMs: number;
  private readonly registerAddress: { host: string; port: number };

  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(Client) private readonly temporalClient: Client,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const settings = observabilityConfig(config);
    this.timeoutMs = settings.HEALTH_CHECK_TIMEOUT_MS;
    const url = new URL(settings.REGISTER_URL);
    this.registerAddress = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  }

  private async run(key: (typeof READINESS_KEYS)[number], probe: () => Promise<void>, backstopMs = this.timeoutMs): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    const started = Date.now();
    try {
      await withTimeout(backstopMs, probe);
      return session.up({ durationMs: Date.now() - started });
    } catch (err) {
      return session.down({ message: describeFailure(err, this.timeoutMs), durationMs: Date.now() - started });
    }
  }

  database(): Promise<HealthIndicatorResult> {
    return this.run('database', async () => {
      await this.prisma.$queryRaw`SELECT 1`;
    });
  }

  /**
   * GetSystemInfo on the API's connection (which connects now if it has not yet, see
   * LazyNativeConnection): a real call, under a deadline, awaited to its end.
   */
  temporal(): Promise<HealthIndicatorResult> {
    return this.run(
      'temporal',
      async () => {
        const connection = this.temporalClient.connection;
        try {
          await connection.withDeadline(Date.now() + this.timeoutMs, () => connection.workflowService.getSystemInfo({}));
        } catch (err) {
          if ((err as { code?: unknown }).code === 4) throw new CheckTimeout(); // DEADLINE_EXCEEDED
          throw err;
        }
      },
      this.timeoutMs + 1000,
    );
  }

  register(): Promise<HealthIndicatorResult> {
    return this.run(
      'register',
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ ...this.registerAddress, timeout: this.timeoutMs });
          socket.once('connect', () => {
            socket.destroy();
            resolve();
          });
          socket.once('timeout', () => socket.destroy(Object.assign(new Error('register connect'), { code: 'TIMEOUT' })));
          socket.once('error', (err) => reject(err));
        }),
    );
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Database, Temporal and the population register all answer' })
  @ApiResponse({ status: 503, description: 'Something is down: `error` names it, `details` has every check' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.checks.database(), () => this.checks.temporal(), () => this.checks.register()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      // Answered here rather than by the problem filter, which would drop which part is down.
      const result = err.getResponse() as HealthCheckResult;
      this.logger.warn({ event: 'not-ready', down: Object.keys(result.error ?? {}), details: result.details }, 'not ready');
      res.status(503);
      return result;
    }
  }
}
