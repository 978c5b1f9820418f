// The console's pages as HTML strings: server-rendered, no script, one <h1>, labelled forms, a refusal
// shown inside its form (role="alert", linked from the inputs) with what was typed kept.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/roles';
import { LABELS, type Language } from '../overview/i18n';
import type { OverviewPhase } from '../overview/phases';
import type { Actor, OnboardingState } from '../../workflows/onboarding/contract';
import type { ConsortiumPageData, ConsortiumRow, RoundRow } from './console.service';
import { phaseOf } from './console.service';
import { CONSOLE_LABELS, type ConsoleLabels } from './i18n';
import { csrfField, esc, page } from './layout';

/** What the last post of a form left to show: a refusal (with the values sent), a success, a new link. */
export interface FormFeedback {
  form: string;
  refusal?: string;
  values?: Record<string, string>;
  saved?: boolean;
  link?: string;
}

interface FormContext {
  lang: Language;
  t: ConsoleLabels;
  principal?: Principal;
  feedback?: FormFeedback;
}

const when = (iso: string | null | undefined, lang: Language) =>
  iso ? new Date(iso).toLocaleString(LABELS[lang].locale, { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' }) : '';
const day = (iso: string | null | undefined, lang: Language) =>
  iso ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(LABELS[lang].locale, { timeZone: 'Europe/Helsinki' }) : '';
const by = (actor: Actor | null | undefined) => (actor ? ` (${actor.name})` : '');

function kept(ctx: FormContext, key: string, name: string, fallback = ''): string {
  return ctx.feedback?.form === key && ctx.feedback.values?.[name] !== undefined ? ctx.feedback.values[name] : fallback;
}

function input(ctx: FormContext, key: string, name: string, label: string, type: 'text' | 'email' | 'date', extra = ''): string {
  const id = `${key}-${name}`;
  const describedBy = ctx.feedback?.form === key && ctx.feedback.refusal ? ` aria-describedby="${key}-problem"` : '';
  return `<label for="${id}">${esc(label)}</label><input id="${id}" name="${name}" type="${type}" required value="${esc(kept(ctx, key, name))}"${describedBy}${extra}>`;
}

function select(ctx: FormContext, key: string, name: string, label: string, options: { value: string; text: string }[]): string {
  const id = `${key}-${name}`;
  const chosen = kept(ctx, key, name);
  const opts = options.map((o) => `<option value="${esc(o.value)}"${o.value === chosen ? ' selected' : ''}>${esc(o.text)}</option>`).join('');
  return `<label for="${id}">${esc(label)}</label><select id="${id}" name="${name}" required>${opts}</select>`;
}

function form(ctx: FormContext, key: string, action: string, title: string, fields: string, hint = ''): string {
  const f = ctx.feedback?.form === key ? ctx.feedback : undefined;
  const problem = f?.refusal ? `<p class="refusal" id="${key}-problem" role="alert">${esc(ctx.t.refused)}: ${esc(f.refusal)}</p>` : '';
  const saved = f?.saved ? `<p class="notice" role="status">${esc(ctx.t.saved)}</p>` : '';
  const link = f?.link ? `<p class="notice" role="status">${esc(ctx.t.form.linkIssued)}: <code>${esc(f.link)}</code></p><p class="muted">${esc(ctx.t.form.linkHint)}</p>` : '';
  return `<form class="action" id="form-${key}" method="post" action="${esc(action)}?lang=${ctx.lang}" aria-labelledby="${key}-title">
<h3 id="${key}-title">${esc(title)}</h3>${hint ? `<p class="muted">${esc(hint)}</p>` : ''}${problem}${saved}${link}
${csrfField(ctx.principal)}<input type="hidden" name="_idem" value="${randomUUID()}">${fields}
<button type="submit">${esc(ctx.t.form.save)}</button></form>`;
}

/** Work under way first, then what is settled, then what has not begun. */
const CONSOLE_PHASE_ORDER: OverviewPhase[] = ['SURVEY', 'SIGNATURES', 'INTEGRATION', 'SCHEDULED', 'LIVE', 'WITHDRAWN', 'NOT_STARTED', 'UNKNOWN'];

export function consortiaPage(lang: Language, rows: ConsortiumRow[], principal?: Principal): string {
  const t = CONSOLE_LABELS[lang];
  const sections = CONSOLE_PHASE_ORDER.filter((phase) => phase !== 'UNKNOWN' || rows.some((r) => r.phase === 'UNKNOWN')).map((phase) => {
    const inPhase = rows.filter((r) => r.phase === phase);
    const body = inPhase.length
      ? `<table><thead><tr><th scope="col">${esc(t.col.consortium)}</th><th scope="col">${esc(t.members)}</th><th scope="col">${esc(t.round)}</th></tr></thead><tbody>${inPhase
          .map((r) => `<tr><td><a href="/console/consortia/${esc(r.id)}?lang=${lang}">${esc(r.name)}</a></td><td>${r.members}</td><td>${esc(r.round ?? t.none)}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p class="muted">${esc(t.noConsortia)}</p>`;
    return `<section aria-labelledby="phase-${phase}"><h2 id="phase-${phase}">${esc(t.phase[phase])} (${inPhase.length})</h2>${body}</section>`;
  });
  return page({ lang, title: t.consortiaTitle, path: '/console', principal, body: `<h1>${esc(t.consortiaTitle)}</h1>${sections.join('\n')}` });
}

function membersTable(ctx: FormContext, data: ConsortiumPageData): string {
  const { t, lang } = ctx;
  const state = data.state;
  const rows = data.members.map((m) => {
    const s = state?.members.find((x) => x.code === m.code);
    const name = lang === 'sv' ? m.nameSv : m.nameFi;
    const survey = s?.surveyAnsweredAt ? `${when(s.surveyAnsweredAt, lang)}${by(s.surveyRecordedBy)}` : t.none;
    const intends = s?.intendsToJoin === null || s?.intendsToJoin === undefined ? t.none : s.intendsToJoin ? t.yes : t.no;
    const signature = s?.signedOn ? `${day(s.signedOn, lang)}, ${s.signatory}${by(s.signatureRecordedBy)}` : t.none;
    return `<tr><th scope="row">${esc(name)}</th><td>${esc(m.code)}</td><td>${esc(survey)}</td><td>${esc(intends)}</td><td>${esc(s?.desiredSchedule ?? t.none)}</td><td>${esc(
      s?.contactEmail ?? t.none,
    )}</td><td>${esc(signature)}</td><td>${m.activeLinks}</td></tr>`;
  });
  const c = t.col;
  return `<table><caption>${esc(t.members)}</caption><thead><tr><th scope="col">${esc(c.municipality)}</th><th scope="col">${esc(c.code)}</th><th scope="col">${esc(c.survey)}</th><th scope="col">${esc(
    c.intends,
  )}</th><th scope="col">${esc(c.schedule)}</th><th scope="col">${esc(c.contact)}</th><th scope="col">${esc(c.signature)}</th><th scope="col">${esc(c.link)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function checklist(ctx: FormContext, state: OnboardingState): string {
  const { t, lang } = ctx;
  const rows = state.integration.map(
    (s) =>
      `<tr><th scope="row">${esc(s.step)}${s.automatic ? ` <span class="muted">(${esc(t.automatic)})</span>` : ''}</th><td>${esc(s.status === 'DONE' ? t.done : t.pending)}</td><td>${esc(
        s.completedAt ? `${when(s.completedAt, lang)}${by(s.recordedBy)}` : t.none,
      )}</td></tr>`,
  );
  return `<h2>${esc(t.checklist)}</h2><table><thead><tr><th scope="col">${esc(t.col.step)}</th><th scope="col">${esc(t.col.status)}</th><th scope="col">${esc(t.col.when)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Operators read; staff and admins act (the same rule as the routes': StaffAction). */
const mayAct = (principal: Principal | undefined) => !!principal?.roles.some((role) => role === 'staff' || role === 'admin');

function actionForms(ctx: FormContext, data: ConsortiumPageData): string {
  const { t, lang } = ctx;
  if (!mayAct(ctx.principal)) return '';
  const id = data.consortium.id;
  const base = `/console/consortia/${id}`;
  const state = data.state;
  const members = data.members.map((m) => ({ value: m.code, text: `${lang === 'sv' ? m.nameSv : m.nameFi} (${m.code})` }));
  const forms: string[] = [];
  if (!state) forms.push(form(ctx, 'start', `${base}/start`, t.form.start, '', t.form.startHint));
  if (state?.phase === 'WITHDRAWN') forms.push(form(ctx, 'restart', `${base}/restart`, t.form.restart, '', t.form.restartHint));
  const open = state && state.phase !== 'LIVE' && state.phase !== 'WITHDRAWN';
  if (open) {
    forms.push(
      form(
        ctx,
        'survey',
        `${base}/survey`,
        t.form.survey,
        `${select(ctx, 'survey', 'municipalityCode', t.col.municipality, members)}
<fieldset><legend>${esc(t.form.intendsToJoin)}</legend>
<input type="radio" id="survey-intends-yes" name="intendsToJoin" value="true"${kept(ctx, 'survey', 'intendsToJoin', 'true') === 'true' ? ' checked' : ''}><label for="survey-intends-yes">${esc(t.yes)}</label>
<input type="radio" id="survey-intends-no" name="intendsToJoin" value="false"${kept(ctx, 'survey', 'intendsToJoin') === 'false' ? ' checked' : ''}><label for="survey-intends-no">${esc(t.no)}</label></fieldset>
${input(ctx, 'survey', 'desiredSchedule', t.form.desiredSchedule, 'text', ' maxlength="200"')}
${input(ctx, 'survey', 'contactEmail', t.form.contactEmail, 'email', ' maxlength="254" autocomplete="off"')}`,
      ),
      form(
        ctx,
        'signature',
        `${base}/signature`,
        t.form.signature,
        `${select(ctx, 'signature', 'municipalityCode', t.col.municipality, members)}
${input(ctx, 'signature', 'signedOn', t.form.signedOn, 'date')}
${input(ctx, 'signature', 'signatory', t.form.signatory, 'text', ' maxlength="200"')}`,
      ),
    );
    const manual = state.integration.filter((s) => !s.automatic && s.status === 'PENDING').map((s) => ({ value: s.step, text: s.step }));
    if (state.phase === 'INTEGRATION' && manual.length) {
      forms.push(form(ctx, 'step', `${base}/integration`, t.form.completeStep, select(ctx, 'step', 'step', t.form.step, manual)));
    }
    forms.push(form(ctx, 'withdraw', `${base}/withdraw`, t.form.withdraw, `<label for="withdraw-reason">${esc(t.form.reason)}</label><textarea id="withdraw-reason" name="reason" required maxlength="500">${esc(kept(ctx, 'withdraw', 'reason'))}</textarea>`));
  }
  if (!state || open) {
    forms.push(
      form(
        ctx,
        'move',
        `${base}/move`,
        t.form.move,
        `${select(ctx, 'move', 'municipalityCode', t.col.municipality, members)}${select(ctx, 'move', 'consortiumId', t.form.target, data.otherConsortia.map((c) => ({ value: c.id, text: c.name })))}`,
      ),
      form(ctx, 'link', `${base}/survey-link`, t.form.issueLink, select(ctx, 'link', 'municipalityCode', t.col.municipality, members)),
      form(ctx, 'revoke', `${base}/survey-link/revoke`, t.form.revokeLinks, select(ctx, 'revoke', 'municipalityCode', t.col.municipality, members)),
    );
  }
  return forms.length ? `<h2>${esc(t.actions)}</h2><div class="forms">${forms.join('\n')}</div>` : '';
}

export function consortiumPage(lang: Language, data: ConsortiumPageData, principal?: Principal, feedback?: FormFeedback): string {
  const t = CONSOLE_LABELS[lang];
  const ctx: FormContext = { lang, t, principal, feedback };
  const state = data.state;
  const phase = phaseOf(state);
  const summary = `<p><strong>${esc(t.col.status)}:</strong> <span data-phase="${phase}">${esc(t.phase[phase])}</span>${
    state?.withdrawalReason ? ` – ${esc(state.withdrawalReason)}${esc(by(state.withdrawnBy))}` : ''
  }</p>
<p><strong>${esc(t.round)}:</strong> ${state?.round ? `${esc(state.round.name)} (${esc(t.col.deadline)} ${esc(day(state.round.signingDeadline, lang))}, ${esc(t.col.goLive)} ${esc(day(state.round.goLiveDate, lang))})` : esc(t.noRound)}</p>
${state ? `<p>${esc(t.reminders(state.reminders.sent))}</p>` : `<p>${esc(t.notStarted)}</p>`}`;
  const reminders = data.reminders.length
    ? `<table><thead><tr><th scope="col">${esc(t.col.when)}</th><th scope="col">${esc(t.col.municipality)}</th><th scope="col">${esc(t.col.recipient)}</th><th scope="col">${esc(t.col.subject)}</th></tr></thead><tbody>${data.reminders
        .map((r) => `<tr><td>${esc(when(r.at, lang))}</td><td>${esc(r.municipalityCode ?? t.none)}</td><td>${esc(r.recipient)}</td><td>${esc(r.subject)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p class="muted">${esc(t.noReminders)}</p>`;
  const history = data.history.length
    ? `<table id="history"><thead><tr><th scope="col">${esc(t.col.when)}</th><th scope="col">${esc(t.col.who)}</th><th scope="col">${esc(t.col.what)}</th></tr></thead><tbody>${data.history
        .map((h) => `<tr><td>${esc(when(h.at, lang))}</td><td>${esc(h.actor.name)} <span class="muted">(${esc(h.actor.kind === 'municipality' ? h.municipalityCode ?? '' : h.actor.subject)}, ${esc(h.via)})</span></td><td>${esc(h.summary)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p class="muted">${esc(t.noHistory)}</p>`;
  const body = `<h1>${esc(data.consortium.name)}</h1>${summary}
${membersTable(ctx, data)}
${state ? checklist(ctx, state) : ''}
${actionForms(ctx, data)}
<h2>${esc(t.remindersTitle)}</h2>${reminders}
<h2>${esc(t.history)}</h2>${history}`;
  return page({ lang, title: data.consortium.name, path: `/console/consortia/${data.consortium.id}`, principal, body });
}

export function roundsPage(lang: Language, rounds: RoundRow[], principal?: Principal, feedback?: FormFeedback): string {
  const t = CONSOLE_LABELS[lang];
  const ctx: FormContext = { lang, t, principal, feedback };
  const rows = rounds.map((r) => `<tr><th scope="row">${esc(r.name)}</th><td>${esc(day(r.signingDeadline, lang))}</td><td>${esc(day(r.goLiveDate, lang))}</td><td>${r.scheduled}</td></tr>`);
  const changes = !mayAct(principal) ? [] : rounds.map((r) => {
    const key = `round-${r.id}`;
    if (r.scheduled > 0) return `<div class="action"><h3>${esc(r.name)}</h3><p class="muted">${esc(t.roundLocked)}</p></div>`;
    const withDefaults: FormContext = ctx.feedback?.form === key ? ctx : { ...ctx, feedback: { form: key, values: { signingDeadline: r.signingDeadline, goLiveDate: r.goLiveDate } } };
    return form(withDefaults, key, `/console/joining-rounds/${r.id}`, `${t.form.changeRound}: ${r.name}`, `${input(withDefaults, key, 'signingDeadline', t.form.deadline, 'date')}${input(withDefaults, key, 'goLiveDate', t.form.goLive, 'date')}`);
  });
  const add = !mayAct(principal) ? '' : form(ctx, 'round-new', '/console/joining-rounds', t.form.addRound, `${input(ctx, 'round-new', 'name', t.form.name, 'text', ' maxlength="100"')}${input(ctx, 'round-new', 'signingDeadline', t.form.deadline, 'date')}${input(ctx, 'round-new', 'goLiveDate', t.form.goLive, 'date')}`);
  const body = `<h1>${esc(t.roundsTitle)}</h1>
<table><thead><tr><th scope="col">${esc(t.col.name)}</th><th scope="col">${esc(t.col.deadline)}</th><th scope="col">${esc(t.col.goLive)}</th><th scope="col">${esc(t.col.scheduled)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${mayAct(principal) ? `<h2>${esc(t.actions)}</h2><div class="forms">${add}${changes.join('\n')}</div>` : ''}`;
  return page({ lang, title: t.roundsTitle, path: '/console/joining-rounds', principal, body });
}
