import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { installObservability } from '../observability/observability.module';
import { installJsonBody } from './json-body';
import { createOpenApiDocument } from './openapi';
import { ProblemFilter } from './problem';
import { createValidationPipe } from './validation';

/** What both the running API and the tests apply to the Nest application (created with `bodyParser: false`). */
export function configureApp(app: INestApplication): void {
  // First: request ids, request logs and HTTP metrics for every request, refused bodies included.
  installObservability(app);
  installJsonBody(app);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
