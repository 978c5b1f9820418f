// Reads a V8 CPU profile written by BENCH_PROFILE (.artifacts/bench/profiles/<process>-<time>/*.cpuprofile, one per thread) and prints
// where the process spent its CPU: self time by package (or, for our code, by compiled file), self time
// by function, and inclusive time by package (each package counted once per sample's stack). Divide by
// the checks the process served to get ms per check (docs/performance.md, issue #15).
//   node -r ts-node/register/transpile-only bench/profile-summary.ts <file.cpuprofile> [--top=30]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> for dependencies, `ours:<file>` for the bench build, else the URL or name. */
function owner(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  const dependency = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  if (url.includes('.artifacts/bench/build/')) return `ours:${url.split('.artifacts/bench/build/')[1]}`;
  return url || node.callFrame.functionName || '(native)';
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [--top=30]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 30);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    totalUs += dt;
  });
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const selfByOwner = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveByOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    add(selfByOwner, owner(node), us);
    add(selfByFunction, `${node.callFrame.functionName || '(anonymous)'} ${owner(node)}:${node.callFrame.lineNumber}`, us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const o = owner(byId.get(at)!);
      if (!seen.has(o)) add(inclusiveByOwner, o, us);
      seen.add(o);
    }
  }
  const idleUs = selfByOwner.get('(idle)') ?? 0;
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`--- ${title}\n`);
    for (const [k, us] of [...m].filter(([k]) => !k.startsWith('(idle)') && k !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
    }
  };
  process.stdout.write(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled, ${((totalUs - idleUs) / 1000).toFixed(0)} ms busy\n`);
  print('self time by package', selfByOwner);
  print('self time by function', selfByFunction);
  print('inclusive time by package', inclusiveByOwner);
}

main();
