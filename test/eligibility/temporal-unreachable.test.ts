// A check while Temporal cannot be reached: the login service hears "try again later" (UNAVAILABLE,
// which the controller answers 503 with Retry-After), never a 500, and long before the check's budget.
import { Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config/config';
import { EligibilityClient } from '../../src/eligibility/eligibility.client';
import { LazyNativeConnection } from '../../src/temporal/lazy-native-connection';
import { ID } from '../register/support/fixture-population';
import { freePort } from '../support/ports';

it('answers UNAVAILABLE when Temporal refuses the connection, not an error', async () => {
  Logger.overrideLogger(false); // the error line it logs is expected here
  // Nothing listens on the port; a budget of a minute, so that only the refusal can end the check.
  const connection = new LazyNativeConnection({ address: `127.0.0.1:${await freePort()}` });
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: 'postgresql://127.0.0.1/unused', ELIGIBILITY_BUDGET_MS: '60000' });
  const eligibility = new EligibilityClient(new Client({ connection }), config);
  try {
    const result = await eligibility.check({ personId: ID.adult }, 'check-while-temporal-is-down', 'login-service');
    expect(result).toMatchObject({ decision: 'UNAVAILABLE', reason: 'REGISTER_UNAVAILABLE', checkId: 'check-while-temporal-is-down' });
  } finally {
    await connection.close();
  }
});
