// The map as a self-contained SVG: presentation attributes rather than CSS, no script, so that it
// renders the same inline in the page, as an <img>, or pasted into a report or an e-mail.
import { escapeMarkup } from '../escape';
import type { Formatters, Labels } from '../i18n';
import { OVERVIEW_PHASES, OverviewPhase, toOverviewPhase } from '../phases';
import type { MapGeometry } from './geometry';
import type { MunicipalityStatus } from './municipality-status';
import { PHASE_COLOURS } from './palette';

const LEGEND_ROW = 20;

/** The hover text of one municipality: names in Finnish and Swedish, consortium, phase, joined date. */
export function municipalityTitle(status: MunicipalityStatus | undefined, code: string, labels: Labels, fmt: Formatters): string {
  if (!status) return `${code} – ${labels.phase.UNKNOWN}`;
  const names = status.nameSv === status.nameFi ? status.nameFi : `${status.nameFi} / ${status.nameSv}`;
  return [
    names,
    `${labels.consortiumLine}: ${status.consortiumName}`,
    labels.phase[toOverviewPhase(status.phase)],
    status.joinedAt ? `${labels.joinedOn} ${fmt.date(status.joinedAt)}` : labels.notJoined,
  ].join('\n');
}

function legend(phases: readonly OverviewPhase[], labels: Labels, x: number, y: number): string {
  const rows = phases.map((phase, i) => {
    const top = y + i * LEGEND_ROW;
    return (
      `<g data-legend-phase="${phase}"><rect x="${x}" y="${top}" width="15" height="15" rx="2" fill="${PHASE_COLOURS[phase]}" stroke="#555" stroke-width="0.5"/>` +
      `<text x="${x + 21}" y="${top + 12}">${escapeMarkup(labels.phase[phase])}</text></g>`
    );
  });
  return `<g class="legend" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="13" fill="#222">${rows.join('')}</g>`;
}

export function renderMapSvg(
  geometry: MapGeometry,
  statuses: ReadonlyMap<string, MunicipalityStatus>,
  labels: Labels,
  fmt: Formatters,
): string {
  const paths = geometry.shapes.map(({ code, d }) => {
    const status = statuses.get(code);
    // Whatever the inputs say, only a known phase gets its colour; anything else is drawn as unknown.
    const phase = toOverviewPhase(status?.phase);
    return (
      `<path d="${d}" fill="${PHASE_COLOURS[phase]}" data-code="${escapeMarkup(code)}" data-phase="${phase}">` +
      `<title>${escapeMarkup(municipalityTitle(status, code, labels, fmt))}</title></path>`
    );
  });
  const drawn = new Set(geometry.shapes.map(({ code }) => toOverviewPhase(statuses.get(code)?.phase)));
  const legendPhases = OVERVIEW_PHASES.filter((p) => p !== 'UNKNOWN' || drawn.has(p));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${geometry.width} ${geometry.height}" ` +
    `width="${geometry.width}" height="${geometry.height}" role="img" aria-labelledby="map-title map-desc">` +
    `<title id="map-title">${escapeMarkup(labels.mapTitle)}</title><desc id="map-desc">${escapeMarkup(labels.mapDescription)}</desc>` +
    `<g class="municipalities" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">${paths.join('')}</g>` +
    legend(legendPhases, labels, 8, Math.round(geometry.height * 0.4)) +
    `</svg>`
  );
}
