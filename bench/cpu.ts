// CPU accounting around a run: how busy the machine was, and how much of that was the benchmark's own
// processes. Other work on a shared 2-core machine (tests, browsers) shows as "others"; time the
// hypervisor gave to other guests (steal: the vCPU was runnable but not running) is counted apart, as
// "steal", since it slows every process of the run alike without being work of anybody's here.
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function machineTicks(): { busy: number; steal: number; total: number } {
  // user nice system idle iowait irq softirq steal guest guest_nice
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  const steal = cpu[7] ?? 0;
  // guest time is already inside user time
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle - steal, steal, total };
}

function processTicks(pid: number): number {
  try {
    // utime and stime are fields 14 and 15; the command name (field 2) may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export interface CpuUse {
  /** Percent of one core, so 200 is both cores of a 2-core machine fully busy. */
  machinePct: number;
  benchPct: number;
  othersPct: number;
  /** Percent of one core the hypervisor gave to other guests during the run. */
  stealPct: number;
  byProcessPct: Record<string, number>;
  loadAverage1m: number;
  /** CPU time per completed request, all our processes (load generator included), and per process. */
  msPerRequest?: number;
  msPerRequestByProcess?: Record<string, number>;
}

export function withCostPerRequest(cpu: CpuUse, perSecond: number): CpuUse {
  if (!(perSecond > 0)) return cpu;
  const ms = (pct: number) => Math.round((pct * 10 * 10) / perSecond) / 10; // pct of a core → ms per s, / requests per s
  return {
    ...cpu,
    msPerRequest: ms(cpu.benchPct),
    msPerRequestByProcess: Object.fromEntries(Object.entries(cpu.byProcessPct).filter(([, v]) => v > 0).map(([k, v]) => [k, ms(v)])),
  };
}

export function cpuMeter(pids: () => Record<string, number | undefined>): () => CpuUse {
  const startMachine = machineTicks();
  const startTime = process.hrtime.bigint();
  const before = Object.fromEntries(Object.entries(pids()).map(([name, pid]) => [name, pid ? processTicks(pid) : 0]));
  return () => {
    const seconds = Number(process.hrtime.bigint() - startTime) / 1e9;
    const endMachine = machineTicks();
    const cores = os.cpus().length;
    const elapsedTicks = endMachine.total - startMachine.total;
    // A phase shorter than one clock tick has no share to report.
    const share = (ticks: number) => (elapsedTicks > 0 ? (ticks / elapsedTicks) * 100 * cores : 0);
    const machinePct = share(endMachine.busy - startMachine.busy);
    const stealPct = Math.round(share(endMachine.steal - startMachine.steal));
    const byProcessPct: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids())) {
      // "postgres:1234" adds up into "postgres".
      const group = name.split(':')[0];
      const pct = (((pid ? processTicks(pid) : 0) - (before[name] ?? 0)) / TICKS_PER_SECOND / seconds) * 100;
      byProcessPct[group] = (byProcessPct[group] ?? 0) + pct;
    }
    for (const name of Object.keys(byProcessPct)) byProcessPct[name] = Math.round(byProcessPct[name]);
    const benchPct = Object.values(byProcessPct).reduce((a, b) => a + b, 0);
    return {
      machinePct: Math.round(machinePct),
      benchPct,
      othersPct: Math.max(0, Math.round(machinePct - benchPct)),
      stealPct,
      byProcessPct,
      loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10,
    };
  };
}
