import { Controller, Get, Global, Header, Inject, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiMetrics, PROMETHEUS_CONTENT_TYPE } from './metrics';

/** Prometheus scrape endpoint of the API. No personal data: label values are closed sets and route templates. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ApiMetrics) private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}

/** `ApiMetrics` for injection anywhere (e.g. `recordEligibilityDecision` in the eligibility controller). */
@Global()
@Module({
  providers: [{ provide: ApiMetrics, useFactory: () => new ApiMetrics() }],
  exports: [ApiMetrics],
})
export class MetricsCoreModule {}
