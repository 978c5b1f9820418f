// The overview is not in AppModule yet: the tests build the same application with OverviewModule
// added, on the stack's dev server and database. (Once AppModule imports it, stack.app serves it too.)
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../../src/app.module';
import { APP_CONFIG } from '../../../src/config/config.module';
import { configureApp } from '../../../src/http/configure-app';
import { OverviewModule } from '../../../src/overview/overview.module';
import type { TestStack } from '../../support/stack';

export async function startOverviewApp(stack: TestStack): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, OverviewModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(stack.config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app);
  await app.init();
  return app;
}

/** Temporal visibility is eventually consistent (about a second on the dev server): ask again until it holds. */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
