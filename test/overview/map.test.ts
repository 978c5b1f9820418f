import { formatters, LABELS } from '../../src/overview/i18n';
import { MapGeometry, MunicipalityGeometry } from '../../src/overview/map/geometry';
import { MunicipalityStatus } from '../../src/overview/map/municipality-status';
import { PHASE_COLOURS } from '../../src/overview/map/palette';
import { renderMapSvg } from '../../src/overview/map/svg';
import type { OverviewPhase } from '../../src/overview/phases';

const labels = LABELS.fi;
const fmt = formatters(labels);

function pathOf(svg: string, code: string): string {
  const match = new RegExp(`<path [^>]*data-code="${code}"[^>]*>.*?</path>`, 's').exec(svg);
  if (!match) throw new Error(`no path for ${code}`);
  return match[0];
}

describe('the municipality map (SVG)', () => {
  let geometry: MapGeometry;
  const statuses = new Map<string, MunicipalityStatus>();

  beforeAll(async () => {
    // Projecting all of Finland once is the costly part: done once for the whole file.
    geometry = await new MunicipalityGeometry().get();
    for (const { code } of geometry.shapes) {
      statuses.set(code, { code, nameFi: `Kunta ${code}`, nameSv: `Kommun ${code}`, consortiumName: 'Kimppa', phase: 'NOT_STARTED', joinedAt: null });
    }
  });

  it('projects the 309 municipalities once and keeps the result', async () => {
    expect(geometry.shapes).toHaveLength(309);
    expect(new Set(geometry.shapes.map((s) => s.code)).size).toBe(309);
    // Finland is about twice as tall as it is wide
    expect(geometry.height / geometry.width).toBeGreaterThan(1.5);
    expect(geometry.shapes.every((s) => /^M[\d.,LMZ-]+Z$/.test(s.d))).toBe(true);
    const cache = new MunicipalityGeometry();
    expect(await cache.get()).toBe(await cache.get());
  });

  it('draws exactly one path per municipality, with its code and phase', () => {
    const svg = renderMapSvg(geometry, statuses, labels, fmt);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(309);
    expect(svg.match(/data-code="\d{3}"/g)).toHaveLength(309);
    expect(svg.match(/data-phase="NOT_STARTED"/g)).toHaveLength(309);
  });

  it('gives a municipality taken live the live phase and colour, and its joined date in the title', () => {
    statuses.set('091', { code: '091', nameFi: 'Helsinki', nameSv: 'Helsingfors', consortiumName: 'Helmet', phase: 'LIVE', joinedAt: '2024-04-23' });
    const helsinki = pathOf(renderMapSvg(geometry, statuses, labels, fmt), '091');
    expect(helsinki).toContain('data-phase="LIVE"');
    expect(helsinki).toContain(`fill="${PHASE_COLOURS.LIVE}"`);
    expect(helsinki).toContain('<title>Helsinki / Helsingfors\nKimppa: Helmet\nKäytössä\nLiittynyt 23.4.2024</title>');
    expect(pathOf(renderMapSvg(geometry, statuses, LABELS.sv, formatters(LABELS.sv)), '091')).toContain('I bruk\nAnsluten 23.4.2024');
  });

  it('never draws an unknown phase as live: it is neutral grey, and the legend then explains it', () => {
    statuses.set('049', { code: '049', nameFi: 'Espoo', nameSv: 'Esbo', consortiumName: 'Helmet', phase: 'LIVE_SOON' as OverviewPhase, joinedAt: null });
    const svg = renderMapSvg(geometry, statuses, labels, fmt);
    const espoo = pathOf(svg, '049');
    expect(espoo).toContain('data-phase="UNKNOWN"');
    expect(espoo).toContain(`fill="${PHASE_COLOURS.UNKNOWN}"`);
    expect(espoo).not.toContain(PHASE_COLOURS.LIVE);
    expect(espoo).toContain('Tuntematon vaihe');
    expect(svg).toContain('data-legend-phase="UNKNOWN"');
    // A municipality missing from the inputs altogether is unknown too.
    statuses.delete('049');
    expect(pathOf(renderMapSvg(geometry, statuses, labels, fmt), '049')).toContain('data-phase="UNKNOWN"');
  });

  it('has a legend of the phases in the chosen language, and escapes every text', () => {
    statuses.set('853', { code: '853', nameFi: 'Turku', nameSv: 'Åbo', consortiumName: 'Vaski <b>&"\'', phase: 'SURVEY', joinedAt: null });
    const svg = renderMapSvg(geometry, statuses, LABELS.en, formatters(LABELS.en));
    for (const phase of ['Not started', 'Pre-survey', 'Signatures', 'Technical integration', 'Scheduled', 'Live', 'Withdrawn']) {
      expect(svg).toContain(`>${phase}</text>`);
    }
    expect(pathOf(svg, '853')).toContain('Consortium: Vaski &#60;b&#62;&#38;&#34;&#39;');
    expect(svg).not.toContain('<b>');
  });

  it('uses colours that differ for every phase, with live the darkest of the phases', () => {
    const colours = Object.values(PHASE_COLOURS);
    expect(new Set(colours).size).toBe(colours.length);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const others = Object.entries(PHASE_COLOURS).filter(([phase]) => phase !== 'LIVE');
    expect(others.every(([, colour]) => luminance(colour) > luminance(PHASE_COLOURS.LIVE))).toBe(true);
  });
});
