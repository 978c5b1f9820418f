// The figures of the staff page as HTML: rendered on the server for the first load (works without
// JavaScript) and again for each poll, so there is one renderer and every text is escaped here.
import { escapeMarkup as e } from '../escape';
import { formatters, Formatters, LABELS, Labels, Language } from '../i18n';
import { PHASE_COLOURS } from '../map/palette';
import type { Tally } from '../model';
import type { OverviewStats } from '../stats';
import type { ScheduleGroup, SurveySummary } from '../survey';

export interface LiveSectionsInput {
  language: Language;
  stats: OverviewStats;
  survey: SurveySummary;
}

const num = (value: string) => `<td class="num">${value}</td>`;

function tallyCells(t: Tally, fmt: Formatters): string {
  return num(fmt.integer(t.municipalities)) + num(fmt.integer(t.population)) + num(`${fmt.share(t.populationShare)} %`);
}

function headline(stats: OverviewStats, labels: Labels, fmt: Formatters): string {
  const { joined, finland } = stats;
  return (
    `<section class="headline" data-joined-municipalities="${joined.municipalities}" data-population-share="${joined.populationShare}">` +
    `<p class="big">${e(labels.headline(fmt.integer(joined.municipalities), fmt.share(joined.populationShare)))}</p>` +
    `<p class="detail">${e(labels.headlineDetail(fmt.integer(joined.population), fmt.integer(finland.population)))}</p>` +
    `<div class="bar" aria-hidden="true"><span style="width:${Math.min(100, joined.populationShare)}%"></span></div>` +
    `<p class="updated">${e(labels.updated)} <time datetime="${e(stats.generatedAt)}">${e(fmt.instant(stats.generatedAt))}</time></p>` +
    `</section>`
  );
}

function phaseTable(stats: OverviewStats, labels: Labels, fmt: Formatters): string {
  const c = labels.column;
  // UNKNOWN only when something is in it: it flags a phase this version does not know.
  const rows = stats.phases
    .filter((row) => row.phase !== 'UNKNOWN' || row.consortia > 0)
    .map(
      (row) =>
        `<tr data-phase="${row.phase}"><th scope="row"><span class="swatch" style="background:${PHASE_COLOURS[row.phase]}"></span>` +
        `${e(labels.phase[row.phase])}</th>${num(fmt.integer(row.consortia))}${tallyCells(row, fmt)}</tr>`,
    );
  const consortia = stats.phases.reduce((sum, row) => sum + row.consortia, 0);
  const total = `<tr class="total"><th scope="row">${e(labels.total)}</th>${num(fmt.integer(consortia))}${num(fmt.integer(stats.finland.municipalities))}${num(fmt.integer(stats.finland.population))}${num(`${fmt.share(100)} %`)}</tr>`;
  return (
    `<section><h2>${e(labels.phasesTitle)}</h2><table class="phases"><thead><tr><th scope="col">${e(c.phase)}</th>` +
    `<th scope="col" class="num">${e(c.consortia)}</th><th scope="col" class="num">${e(c.municipalities)}</th>` +
    `<th scope="col" class="num">${e(c.population)}</th><th scope="col" class="num">${e(c.share)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody><tfoot>${total}</tfoot></table></section>`
  );
}

function roundTable(stats: OverviewStats, labels: Labels, fmt: Formatters): string {
  const c = labels.column;
  if (stats.rounds.length === 0) return `<section><h2>${e(labels.roundsTitle)}</h2><p>${e(labels.noRounds)}</p></section>`;
  const date = (iso: string | null) => (iso ? e(fmt.date(iso)) : '–');
  const rows = stats.rounds.map(
    (r) =>
      `<tr><th scope="row">${e(r.name)}</th><td>${date(r.signingDeadline)}</td><td>${date(r.goLiveDate)}</td>` +
      `${num(fmt.integer(r.consortia))}${tallyCells(r, fmt)}${num(`${fmt.share(r.coveredAfter.populationShare)} %`)}</tr>`,
  );
  return (
    `<section><h2>${e(labels.roundsTitle)}</h2><table class="rounds"><thead><tr><th scope="col">${e(c.round)}</th>` +
    `<th scope="col">${e(c.signingDeadline)}</th><th scope="col">${e(c.goLive)}</th><th scope="col" class="num">${e(c.consortia)}</th>` +
    `<th scope="col" class="num">${e(c.municipalities)}</th><th scope="col" class="num">${e(c.population)}</th>` +
    `<th scope="col" class="num">${e(c.share)}</th><th scope="col" class="num">${e(c.coveredAfter)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function scheduleLabel(group: ScheduleGroup, labels: Labels, fmt: Formatters): string {
  if (group.month) return fmt.month(group.month);
  if (group.quarter) {
    const [year, quarter] = group.quarter.split('-');
    return `${quarter} ${year}`;
  }
  return group.kind === 'MONTH' || group.kind === 'QUARTER' ? group.key : labels.schedule[group.kind];
}

function surveySection(survey: SurveySummary, labels: Labels, fmt: Formatters): string {
  const c = labels.column;
  const s = labels.survey;
  const m = survey.municipalities;
  const groups: [string, string, Tally][] = [
    ['answered', s.answered, m.answered],
    ['intend-to-join', s.intendToJoin, m.intendToJoin],
    ['not-joining', s.notJoining, m.notJoining],
    ['not-answered', s.notAnswered, m.notAnswered],
    ['not-started', s.notStarted, m.notStarted],
    ...(m.unreadable.municipalities > 0 ? [['unreadable', s.unreadable, m.unreadable] as [string, string, Tally]] : []),
  ];
  const tallyHead =
    `<th scope="col" class="num">${e(c.municipalities)}</th><th scope="col" class="num">${e(c.population)}</th>` +
    `<th scope="col" class="num">${e(c.share)}</th>`;
  const tallies =
    `<table class="survey"><thead><tr><th scope="col">${e(c.group)}</th>${tallyHead}</tr></thead><tbody>` +
    groups.map(([key, label, t]) => `<tr data-group="${key}"><th scope="row">${e(label)}</th>${tallyCells(t, fmt)}</tr>`).join('') +
    `</tbody></table><p>${e(s.consortiaLine(survey.consortia.allAnswered, survey.consortia.partlyAnswered, survey.consortia.noneAnswered))}</p>`;

  const schedules =
    survey.schedules.length === 0
      ? `<p>${e(s.noSchedules)}</p>`
      : `<table class="schedules"><thead><tr><th scope="col">${e(c.schedule)}</th>${tallyHead}<th scope="col">${e(c.answers)}</th></tr></thead><tbody>` +
        survey.schedules
          .map(
            (g) =>
              `<tr data-schedule="${e(g.key)}"><th scope="row">${e(scheduleLabel(g, labels, fmt))}</th>${tallyCells(g, fmt)}` +
              `<td class="texts">${g.texts.map((t) => `<q>${e(t)}</q>`).join(' ')}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`;

  const missing =
    survey.notAnswered.length === 0
      ? `<p>${e(s.everyoneAnswered)}</p>`
      : `<table class="missing"><thead><tr><th scope="col">${e(c.consortium)}</th><th scope="col">${e(c.phase)}</th>` +
        `<th scope="col">${e(c.missing)}</th><th scope="col" class="num">${e(c.population)}</th></tr></thead><tbody>` +
        survey.notAnswered
          .map(
            (n) =>
              `<tr data-consortium="${e(n.consortiumId)}"><th scope="row">${e(n.consortiumName)}</th><td>${e(labels.phase[n.phase])}</td>` +
              `<td>${e(n.municipalities.map((x) => x.nameFi).join(', '))}</td>${num(fmt.integer(n.population))}</tr>`,
          )
          .join('') +
        `</tbody></table>`;

  const unreadable =
    survey.unreadable.length === 0
      ? ''
      : `<div class="warning" role="alert"><h3>${e(s.unreadableTitle)}</h3><ul>` +
        survey.unreadable.map((u) => `<li><strong>${e(u.consortiumName)}</strong>: ${e(u.error)}</li>`).join('') +
        `</ul></div>`;

  return (
    `<section class="survey-section"><h2>${e(labels.surveyTitle)}</h2>${unreadable}${tallies}` +
    `<h3>${e(s.schedulesTitle)}</h3>${schedules}<h3>${e(s.notAnsweredTitle)}</h3>${missing}</section>`
  );
}

export function renderLiveSections({ language, stats, survey }: LiveSectionsInput): string {
  const labels = LABELS[language];
  const fmt = formatters(labels);
  return headline(stats, labels, fmt) + phaseTable(stats, labels, fmt) + roundTable(stats, labels, fmt) + surveySection(survey, labels, fmt);
}
