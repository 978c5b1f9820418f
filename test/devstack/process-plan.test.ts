import { ConfigError, loadProcessCounts } from '../../src/config/config';
import { planProcesses } from '../../src/devstack/process-plan';

describe("npm start's processes", () => {
  it('runs one API and one worker by default, on the usual ports', () => {
    expect(planProcesses(loadProcessCounts({}), 3000, {})).toEqual({
      apis: [{ name: 'api', port: 3000 }],
      workers: [{ name: 'worker', env: { WORKER_METRICS_ADDRESS: '127.0.0.1:9464', WORKER_APP_METRICS_ADDRESS: '127.0.0.1:9465' } }],
    });
  });

  it('gives several APIs consecutive ports and each worker its own pair of metrics ports', () => {
    const plan = planProcesses(loadProcessCounts({ API_PROCESSES: '3', WORKER_PROCESSES: '2' }), 47000, {
      WORKER_METRICS_ADDRESS: '0.0.0.0:47100',
      WORKER_APP_METRICS_ADDRESS: 'off',
    });
    expect(plan.apis).toEqual([
      { name: 'api-1', port: 47000 },
      { name: 'api-2', port: 47001 },
      { name: 'api-3', port: 47002 },
    ]);
    expect(plan.workers).toEqual([
      { name: 'worker-1', env: { WORKER_METRICS_ADDRESS: '0.0.0.0:47100', WORKER_APP_METRICS_ADDRESS: 'off' } },
      { name: 'worker-2', env: { WORKER_METRICS_ADDRESS: '0.0.0.0:47102', WORKER_APP_METRICS_ADDRESS: 'off' } },
    ]);
  });

  it.each([
    [{ API_PROCESSES: '0' }, 'API_PROCESSES: must be a whole number of API processes from 1 to 16'],
    [{ WORKER_PROCESSES: 'two' }, 'WORKER_PROCESSES: must be a whole number of worker processes from 1 to 16'],
    [{ WORKER_PROCESSES: '1.5' }, 'WORKER_PROCESSES: must be a whole number of worker processes from 1 to 16'],
    [{ API_PROCESSES: '17' }, 'API_PROCESSES: must be a whole number of API processes from 1 to 16'],
  ])('refuses %j with one clear line', (env, line) => {
    expect(() => loadProcessCounts(env)).toThrow(new ConfigError([line]));
  });

  it('refuses ports used twice or past 65535, naming who would collide', () => {
    const counts = loadProcessCounts({ API_PROCESSES: '2', WORKER_PROCESSES: '2' });
    expect(() => planProcesses(counts, 9465, {})).toThrow('port 9466 would be used by api-2 (PORT + 1) and worker-2 WORKER_METRICS_ADDRESS');
    expect(() => planProcesses(counts, 65535, {})).toThrow('api-2 (PORT + 1): port 65536 is past 65535');
    expect(() => planProcesses(counts, 3000, { WORKER_METRICS_ADDRESS: '127.0.0.1:9000', WORKER_APP_METRICS_ADDRESS: '127.0.0.1:9002' })).toThrow(
      'port 9002 would be used by worker-1 WORKER_APP_METRICS_ADDRESS and worker-2 WORKER_METRICS_ADDRESS',
    );
  });
});
