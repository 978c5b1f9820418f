// The API process.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { configureApp } from './http/configure-app';
import type { Logger } from './observability/logger';
import { ROOT_LOGGER } from './observability/logging.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(config.PORT, config.HOST);
  app.get<Logger>(ROOT_LOGGER).info({ event: 'listening', url: `http://${config.HOST}:${config.PORT}` }, 'listening');
}

bootstrap().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
