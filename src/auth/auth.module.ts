// Authentication, roles and rate limits for every route: importing this module installs AuthGuard as
// a global guard (APP_GUARD). Configuration comes from APP_CONFIG (keys of ./auth.config.ts and
// ../codec/codec.config.ts merged into src/config/config.ts).
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module';
import { AuthGuard } from './auth.guard';
import { RateLimiter } from './rate-limiter';
import { OidcService } from './oidc.service';
import { SignInController } from './sign-in.controller';
import { StaffSessions } from './staff-sessions';
import { TokenVerifier } from './token-verifier';

@Module({
  // Staff sessions and sign-in attempts live in PostgreSQL.
  imports: [DatabaseModule],
  controllers: [SignInController],
  providers: [TokenVerifier, RateLimiter, StaffSessions, OidcService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier, RateLimiter, StaffSessions],
})
export class AuthModule {}
