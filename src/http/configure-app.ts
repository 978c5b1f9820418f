import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { installObservability } from '../observability/observability.module';
import { installJsonBody } from './json-body';
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('E-kirjasto joining orchestrator')
      .setDescription('Consortium onboarding to E-kirjasto and per-login eligibility checks (National Library of Finland).')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
