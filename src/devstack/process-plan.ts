// Which API and worker processes `npm start` runs, on which ports. Several of each, as production runs
// them (API processes behind a load balancer, workers polling the same task queues): the API processes
// listen on consecutive ports from PORT (the local stack has no load balancer; each URL is printed), and
// each worker process gets its own pair of metrics ports, the next pair after the previous worker's.
import { ConfigError, type ProcessCounts, WORKER_METRICS_DEFAULTS } from '../config/config';

export interface ApiProcessPlan {
  name: string;
  port: number;
}

export interface WorkerProcessPlan {
  name: string;
  env: { WORKER_METRICS_ADDRESS: string; WORKER_APP_METRICS_ADDRESS: string };
}

export interface ProcessPlan {
  apis: ApiProcessPlan[];
  workers: WorkerProcessPlan[];
}

/** "api" alone, "api-1", "api-2", ... when there are several. */
export const processName = (kind: string, i: number, count: number) => (count === 1 ? kind : `${kind}-${i + 1}`);

/** host:port moved up by `offset` ports; `off` stays off. */
function shifted(address: string, offset: number): string {
  if (address === 'off') return address;
  const at = address.lastIndexOf(':');
  return `${address.slice(0, at)}:${Number(address.slice(at + 1)) + offset}`;
}

/**
 * The plan for `counts` processes. `env` gives PORT's value (`firstApiPort`) and the first worker's
 * metrics addresses; a port past 65535 or used twice is refused, one line per problem.
 */
export function planProcesses(counts: ProcessCounts, firstApiPort: number, env: NodeJS.ProcessEnv): ProcessPlan {
  const apis = Array.from({ length: counts.API_PROCESSES }, (_, i) => ({ name: processName('api', i, counts.API_PROCESSES), port: firstApiPort + i }));
  const temporalMetrics = env.WORKER_METRICS_ADDRESS || WORKER_METRICS_DEFAULTS.WORKER_METRICS_ADDRESS;
  const appMetrics = env.WORKER_APP_METRICS_ADDRESS || WORKER_METRICS_DEFAULTS.WORKER_APP_METRICS_ADDRESS;
  const workers = Array.from({ length: counts.WORKER_PROCESSES }, (_, i) => ({
    name: processName('worker', i, counts.WORKER_PROCESSES),
    env: { WORKER_METRICS_ADDRESS: shifted(temporalMetrics, 2 * i), WORKER_APP_METRICS_ADDRESS: shifted(appMetrics, 2 * i) },
  }));

  const users = new Map<number, string[]>();
  const use = (port: number, what: string) => users.set(port, [...(users.get(port) ?? []), what]);
  for (const api of apis) use(api.port, `${api.name} (PORT + ${api.port - firstApiPort})`);
  for (const worker of workers) {
    for (const [key, address] of Object.entries(worker.env)) if (address !== 'off') use(Number(address.slice(address.lastIndexOf(':') + 1)), `${worker.name} ${key}`);
  }
  const problems: string[] = [];
  for (const [port, what] of users) {
    if (port > 65535) problems.push(`${what.join(', ')}: port ${port} is past 65535; choose lower PORT / WORKER_*METRICS_ADDRESS ports or fewer processes`);
    else if (what.length > 1) problems.push(`port ${port} would be used by ${what.join(' and ')}; API_PROCESSES take consecutive ports from PORT, each further worker the next pair of metrics ports`);
  }
  if (problems.length) throw new ConfigError(problems);
  return { apis, workers };
}
