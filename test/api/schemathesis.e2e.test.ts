// The API against its own OpenAPI document, as a client generating code from it would meet it:
// schemathesis with every check (server errors, status codes, content types, response schemas,
// schema-valid requests accepted, schema-violating ones refused, 405 with Allow for undeclared methods,
// authentication) and every phase (examples, coverage, fuzzing, stateful sequences through the links),
// on the whole stack listening on loopback. A bounded random run: it must find nothing, every time.
import { SimulatorProcess, startSimulator } from '../register/support/simulator-process';
import { startTestStack, TestStack } from '../support/stack';
import { runSchemathesis } from './support/schemathesis';

/** Cases per operation and phase: every operation is covered, and a run stays within a minute or two. */
const MAX_EXAMPLES = '15';
const RUN_TIMEOUT_MS = 300_000;

describe('schemathesis against /docs/openapi.json', () => {
  let stack: TestStack;
  let simulator: SimulatorProcess;
  let apiUrl: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    // A generous budget: on a loaded machine a check must still decide, not answer 503 "try again
    // later" (a 5xx is a failure to schemathesis; the budget has tests of its own).
    stack = await startTestStack({ REGISTER_URL: simulator.url, ELIGIBILITY_BUDGET_MS: '30000', REGISTER_TIMEOUT_MS: '10000' });
    await stack.app.listen(0, '127.0.0.1');
    apiUrl = (await stack.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
  });

  // Each role where it may act: staff and operator routes with an admin token, the eligibility check
  // with the login service's (admins may not call it).
  it.each([
    ['admin', ['--exclude-path', '/eligibility/checks'], ['Examples', 'Coverage', 'Fuzzing', 'Stateful']],
    // One operation: no sequence to follow, so no stateful phase.
    ['login-service', ['--include-path', '/eligibility/checks'], ['Coverage', 'Fuzzing']],
  ] as const)(
    'finds no failure as %s',
    async (role, filter, phases) => {
      const { code, output } = await runSchemathesis(apiUrl, stack.tokens[role], [...filter, '--max-examples', MAX_EXAMPLES], RUN_TIMEOUT_MS);
      // The whole report on failure: each failure with its curl command to reproduce it. Warnings
      // (e.g. generated ids that name nothing, 404) are not failures; a failed check is marked ❌.
      expect(`exit ${code}\n${output}`).toMatch(/^exit 0\n(?![\s\S]*❌)[\s\S]*SUMMARY/);
      // Not a vacuous pass: every selected operation was tested, and each phase ran.
      const selected = /Selected: (\d+)\/\d+/.exec(output)?.[1];
      expect([selected, /Tested: (\d+)/.exec(output)?.[1]]).toEqual([expect.stringMatching(/^[1-9]/), selected]);
      for (const phase of phases) expect(output).toContain(`✅ ${phase}`);
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
