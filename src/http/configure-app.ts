import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { installObservability } from '../observability/observability.module';
import { installJsonBody } from './json-body';
import { installMethodNotAllowed } from './method-not-allowed';
import { createOpenApiDocument } from './openapi';
import { ParameterValidation } from './parameters';
import { ProblemFilter } from './problem';
import { createValidationPipe } from './validation';

/** What both the running API and the tests apply to the Nest application (created with `bodyParser: false`). */
export function configureApp(app: INestApplication): void {
  // First: request ids, request logs and HTTP metrics for every request, refused bodies included.
  installObservability(app);
  installMethodNotAllowed(app);
  installJsonBody(app);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = createOpenApiDocument(app);
  app.useGlobalInterceptors(new ParameterValidation(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
