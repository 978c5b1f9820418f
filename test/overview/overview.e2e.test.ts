import { recordSurvey, searchAttributes } from '../../workflows/onboarding/contract';
import { startTestStack, TestStack } from '../support/stack';
import { eventually } from './support/overview-app';

describe('staff overview on the real stack: Temporal visibility and queries + PostgreSQL', () => {
  let stack: TestStack;
  const http = () => stack.http('staff');
  const stats = async () => (await http().get('/overview/stats').expect(200)).body;
  const survey = async () => (await http().get('/overview/survey').expect(200)).body;
  let finland: number;
  let helmetPopulation: number;
  let vaskiCount: number;

  beforeAll(async () => {
    stack = await startTestStack();
    const helmet = await stack.db.prisma.municipality.findMany({ where: { consortiumId: 'helmet' } });
    helmetPopulation = helmet.reduce((sum, m) => sum + m.population, 0);
    finland = (await stack.db.prisma.municipality.aggregate({ _sum: { population: true } }))._sum.population!;
    vaskiCount = await stack.db.prisma.municipality.count({ where: { consortiumId: 'vaski' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('starts with every consortium NOT_STARTED and nobody joined', async () => {
    const body = await stats();
    const consortia = await stack.db.prisma.consortium.count();
    expect(body.finland).toEqual({ municipalities: 309, population: finland });
    expect(body.joined).toEqual({ municipalities: 0, population: 0, populationShare: 0 });
    expect(body.phases[0]).toEqual({ phase: 'NOT_STARTED', consortia, municipalities: 309, population: finland, populationShare: 100 });
    expect(body.rounds).toEqual([
      expect.objectContaining({ name: '2024-opening', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23', consortia: 0 }),
    ]);
  });

  it('reads phases from Temporal and joined municipalities from PostgreSQL', async () => {
    await http().post('/consortia/helmet/onboarding').expect(201);
    await http().post('/consortia/vaski/onboarding').expect(201);
    await stack.db.prisma.municipality.updateMany({ where: { consortiumId: 'helmet' }, data: { joined: true, joinedAt: new Date('2024-04-23T00:00:00Z') } });

    const body = await eventually(stats, (s) => s.phases.find((p: { phase: string }) => p.phase === 'SURVEY').consortia === 2 && s.joined.municipalities === 4);
    expect(body.joined).toEqual({ municipalities: 4, population: helmetPopulation, populationShare: Math.round((helmetPopulation / finland) * 1000) / 10 });
    expect(body.phases.find((p: { phase: string }) => p.phase === 'SURVEY')).toMatchObject({ consortia: 2, municipalities: 4 + vaskiCount });
    expect(body.phases.find((p: { phase: string }) => p.phase === 'LIVE')).toMatchObject({ consortia: 0, municipalities: 0 });
  });

  it('summarises the pre-survey from each onboarding state, and who has not answered', async () => {
    await stack.env.client.workflow.getHandle('consortium-onboarding:helmet').executeUpdate(recordSurvey, {
      args: [{ municipalityCode: '091', answer: { intendsToJoin: true, desiredSchedule: 'heti alussa', contactEmail: 'kirjasto@hel.example' } }],
    });
    const body = await eventually(survey, (s) => s.municipalities.answered.municipalities === 1);
    expect(body.municipalities.intendToJoin.municipalities).toBe(1);
    expect(body.consortia).toMatchObject({ allAnswered: 0, partlyAnswered: 1, noneAnswered: 1, unreadable: 0 });
    expect(body.schedules).toEqual([expect.objectContaining({ key: 'FIRST_ROUND', municipalities: 1, texts: ['heti alussa'] })]);
    const helmet = body.notAnswered.find((c: { consortiumId: string }) => c.consortiumId === 'helmet');
    expect(helmet.municipalities.map((m: { code: string }) => m.code)).toEqual(['049', '092', '235']);
    expect(body.notAnswered.find((c: { consortiumId: string }) => c.consortiumId === 'vaski').municipalities).toHaveLength(vaskiCount);
  });

  it('draws the map with each municipality in its consortium phase', async () => {
    const res = await http().get('/overview/map.svg?lang=sv').expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.text ?? res.body.toString();
    expect(svg.match(/<path [^>]*data-code="\d{3}"/g)).toHaveLength(309);
    const helsinki = /<path [^>]*data-code="091"[^>]*>(.*?)<\/path>/s.exec(svg)!;
    expect(helsinki[0]).toContain('data-phase="SURVEY"');
    expect(helsinki[1]).toContain('Helsinki / Helsingfors\nNätverk: Helmet\nFörhandsenkät\nAnsluten 23.4.2024');
    expect(/<path [^>]*data-code="398"[^>]*>/.exec(svg)![0]).toContain('data-phase="NOT_STARTED"');
  });

  it('serves the staff page rendered on the server, and the data its script polls', async () => {
    const page = await http().get('/overview?lang=en').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('4 municipalities');
    expect(page.text.match(/<path [^>]*data-code=/g)).toHaveLength(309);
    const refresh = await http().get('/overview/refresh?lang=fi').expect(200);
    expect(refresh.body.sections).toContain('4 kuntaa');
    expect(refresh.body.municipalities).toHaveLength(309);
    expect(refresh.body.municipalities.find((m: { code: string }) => m.code === '091')).toMatchObject({ phase: 'SURVEY' });
  });

  it('documents its responses in the OpenAPI document', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths['/overview/map.svg'].get.responses['200'].content)).toEqual(['image/svg+xml']);
    expect(doc.paths['/overview'].get.responses['200'].content).toHaveProperty(['text/html']);
    expect(doc.paths['/overview/stats'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('joined');
  });

  it('reports an onboarding whose state cannot be queried, rather than dropping it', async () => {
    // An onboarding whose workflow fails on its first task (no input): listed, but it answers no query.
    await stack.env.client.workflow.start('consortiumOnboarding', {
      workflowId: 'consortium-onboarding:outi',
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE_ONBOARDING,
      args: [],
      typedSearchAttributes: [
        { key: searchAttributes.consortiumId, value: 'outi' },
        { key: searchAttributes.onboardingPhase, value: 'SURVEY' },
      ],
    });
    const body = await eventually(survey, (s) => s.consortia.unreadable === 1);
    expect(body.unreadable).toEqual([{ consortiumId: 'outi', consortiumName: expect.any(String), error: expect.stringMatching(/^Failed to query Workflow: ./) }]);
    expect(body.municipalities.unreadable.municipalities).toBeGreaterThan(0);
  });
});
