// The generated default population: reproducible, valid, and varied.
import { generatePopulation, loadMunicipalities } from '../../src/register-simulator/generate-population';
import { validatePopulation } from '../../src/register-simulator/population';

const municipalities = loadMunicipalities();
const generate = (seed: number) => generatePopulation({ seed, referenceYear: 2026, municipalities });

it('reads the 309 municipalities of the map data', () => {
  expect(municipalities).toHaveLength(309);
  expect(municipalities.find((m) => m.code === '091')?.population).toBeGreaterThan(600_000);
});

it('gives the same people for the same seed, other people for another', () => {
  expect(generate(7)).toEqual(generate(7));
  expect(generate(7).persons[0].personId).not.toBe(generate(8).persons[0].personId);
});

it('passes its own validation: unique, well-formed codes and known wards', () => {
  const population = generate(2024);
  expect(() => validatePopulation(JSON.parse(JSON.stringify(population)))).not.toThrow();
  const individualNumbers = population.persons.map((p) => Number(p.personId.slice(7, 10)));
  expect(Math.min(...individualNumbers)).toBeGreaterThanOrEqual(2);
  expect(Math.max(...individualNumbers)).toBeLessThanOrEqual(899);
});
