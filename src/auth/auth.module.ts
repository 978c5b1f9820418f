// Authentication, roles and rate limits for every route: importing this module installs AuthGuard as
// a global guard (APP_GUARD). Configuration comes from APP_CONFIG (keys of ./auth.config.ts and
// ../codec/codec.config.ts merged into src/config/config.ts).
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { RateLimiter } from './rate-limiter';
import { SessionController } from './session.controller';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [SessionController],
  providers: [TokenVerifier, RateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier, RateLimiter],
})
export class AuthModule {}
