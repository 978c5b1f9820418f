import { Module } from '@nestjs/common';
import { ConsortiaModule } from '../consortia/consortia.module';
import { OnboardingClient } from './onboarding.client';
import { OnboardingController } from './onboarding.controller';

@Module({ imports: [ConsortiaModule], controllers: [OnboardingController], providers: [OnboardingClient] })
export class OnboardingModule {}
