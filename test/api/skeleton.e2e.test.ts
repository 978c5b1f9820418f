import { startTestStack, TestStack } from '../support/stack';

describe('walking skeleton: API → Temporal dev server → worker, and PostgreSQL', () => {
  let stack: TestStack;
  const http = () => stack.http('staff');

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists every municipality from the seed, none joined', async () => {
    const res = await http().get('/municipalities').expect(200);
    expect(res.body).toHaveLength(309);
    expect(res.body.find((m: { code: string }) => m.code === '091')).toEqual({
      code: '091',
      nameFi: 'Helsinki',
      nameSv: 'Helsingfors',
      population: expect.any(Number),
      consortiumId: 'helmet',
      joined: false,
      joinedAt: null,
    });
    expect(res.body.every((m: { joined: boolean }) => !m.joined)).toBe(true);
    expect((await http().get('/municipalities?joined=true').expect(200)).body).toEqual([]);
  });

  it('answers one municipality, 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await http().get('/municipalities/049').expect(200)).body).toMatchObject({ code: '049', nameFi: 'Espoo' });
    const unknown = await http().get('/municipalities/999').expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toMatch(/no municipality with code 999/);
    const malformed = await http().get('/municipalities/91').expect(400);
    expect(malformed.body.detail).toMatch(/three digits/);
    await http().get('/municipalities?joined=maybe').expect(400);
  });

  it('lists the consortia with their members, every municipality in exactly one', async () => {
    const res = await http().get('/consortia').expect(200);
    const codes = res.body.flatMap((c: { municipalityCodes: string[] }) => c.municipalityCodes);
    expect(codes).toHaveLength(309);
    expect(new Set(codes).size).toBe(309);
    expect(res.body.find((c: { id: string }) => c.id === 'helmet')).toMatchObject({
      name: 'Helmet',
      municipalityCodes: ['049', '091', '092', '235'],
    });
  });

  it('starts an onboarding once: 201, then 200 with the same running workflow', async () => {
    const first = await http().post('/consortia/helmet/onboarding').expect(201);
    expect(first.body).toMatchObject({ consortiumId: 'helmet', phase: 'SURVEY' });
    expect(first.body.members.map((m: { code: string }) => m.code)).toEqual(['049', '091', '092', '235']);
    const again = await http().post('/consortia/helmet/onboarding').expect(200);
    expect(again.body.consortiumId).toBe('helmet');

    const state = await http().get('/consortia/helmet/onboarding').expect(200);
    expect(state.body.phase).toBe('SURVEY');

    const description = await stack.env.client.workflow.getHandle('consortium-onboarding:helmet').describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get({ name: 'ConsortiumId', type: 'KEYWORD' } as never)).toBe('helmet');
  });

  it('refuses unknown consortia with 404 and reads of unstarted onboardings with 409', async () => {
    const unknown = await http().post('/consortia/no-such-kimppa/onboarding').expect(404);
    expect(unknown.body.detail).toMatch(/no library consortium with id "no-such-kimppa"/);
    const notStarted = await http().get('/consortia/vaski/onboarding').expect(409);
    expect(notStarted.body.detail).toMatch(/No onboarding has been started/);
  });
});
