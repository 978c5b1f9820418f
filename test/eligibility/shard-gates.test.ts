// The API's gate in front of each shard (src/eligibility/shard-client.ts): at most `limit` updates in
// flight per shard from one process, the rest admitted first come first served as places free up, and
// a waiting caller that gives up leaves the line without taking a place.
import { ShardGates } from '../../src/eligibility/shard-client';

const settled = () => new Promise((resolve) => setImmediate(resolve));

it('admits at most the limit per shard, the others in their order as places free up', async () => {
  const gates = new ShardGates();
  const admitted: string[] = [];
  const leaves = new Map<string, () => void>();
  const enter = (shard: string, name: string) =>
    gates.enter(shard, 2, undefined).then((leave) => {
      admitted.push(name);
      leaves.set(name, leave);
    });
  for (const name of ['a1', 'a2', 'a3', 'a4']) void enter('shard-a', name);
  void enter('shard-b', 'b1');
  await settled();
  expect(admitted).toEqual(['a1', 'a2', 'b1']);

  leaves.get('a2')!();
  await settled();
  expect(admitted).toEqual(['a1', 'a2', 'b1', 'a3']);
  leaves.get('a1')!();
  await settled();
  expect(admitted).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
});

it('lets a waiting caller give up without taking a place, and refuses one that gave up already', async () => {
  const gates = new ShardGates();
  const first = await gates.enter('shard', 1, undefined);
  const impatient = new AbortController();
  const waiting = gates.enter('shard', 1, impatient.signal);
  let patientIn = false;
  const patient = gates.enter('shard', 1, undefined).then((leave) => ((patientIn = true), leave));
  impatient.abort(new Error('gave up'));
  await expect(waiting).rejects.toThrow('gave up');

  first();
  (await patient)();
  expect(patientIn).toBe(true);
  await expect(gates.enter('shard', 1, impatient.signal)).rejects.toThrow('gave up');
});
