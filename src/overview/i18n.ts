// The staff overview's words in Finnish, Swedish and English. Each language must give every label
// (the type says so), so a missing translation fails the type check, not a staff member.
import type { ScheduleKind } from './desired-schedule';
import type { OverviewPhase } from './phases';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function toLanguage(value: unknown): Language {
  return (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : 'fi';
}

export interface Labels {
  locale: string;
  languageName: string;
  pageTitle: string;
  headline: (municipalities: string, share: string) => string;
  headlineDetail: (population: string, total: string) => string;
  updated: string;
  refreshFailed: string;
  mapTitle: string;
  mapDescription: string;
  phase: Record<OverviewPhase, string>;
  phasesTitle: string;
  roundsTitle: string;
  noRounds: string;
  surveyTitle: string;
  column: {
    phase: string;
    consortia: string;
    municipalities: string;
    population: string;
    share: string;
    round: string;
    signingDeadline: string;
    goLive: string;
    coveredAfter: string;
    schedule: string;
    answers: string;
    group: string;
    consortium: string;
    missing: string;
    error: string;
  };
  total: string;
  survey: {
    answered: string;
    intendToJoin: string;
    notJoining: string;
    notAnswered: string;
    notStarted: string;
    unreadable: string;
    consortiaLine: (all: number, partly: number, none: number) => string;
    schedulesTitle: string;
    noSchedules: string;
    notAnsweredTitle: string;
    everyoneAnswered: string;
    unreadableTitle: string;
  };
  schedule: Record<Exclude<ScheduleKind, 'MONTH' | 'QUARTER'>, string>;
  consortiumLine: string;
  joinedOn: string;
  notJoined: string;
}

export const LABELS: Record<Language, Labels> = {
  fi: {
    locale: 'fi-FI',
    languageName: 'suomi',
    pageTitle: 'E-kirjasto – kuntien liittymistilanne',
    headline: (n, share) => `${n} kuntaa, ${share} % suomalaisista`,
    headlineDetail: (population, total) => `${population} / ${total} asukasta voi käyttää E-kirjastoa`,
    updated: 'Päivitetty',
    refreshFailed: 'Tietojen päivitys epäonnistui – näytetään viimeisimmät tiedot.',
    mapTitle: 'Kunnat liittymisvaiheen mukaan',
    mapDescription: 'Suomen 309 kuntaa värjättynä sen mukaan, missä vaiheessa kunnan kirjastokimpan liittyminen E-kirjastoon on.',
    phase: {
      NOT_STARTED: 'Ei aloitettu',
      SURVEY: 'Ennakkokysely',
      SIGNATURES: 'Allekirjoitukset',
      INTEGRATION: 'Tekninen integraatio',
      SCHEDULED: 'Aikataulutettu',
      LIVE: 'Käytössä',
      WITHDRAWN: 'Vetäytynyt',
      UNKNOWN: 'Tuntematon vaihe',
    },
    phasesTitle: 'Vaiheittain',
    roundsTitle: 'Liittymiskierrokset',
    noRounds: 'Ei liittymiskierroksia.',
    surveyTitle: 'Ennakkokysely',
    column: {
      phase: 'Vaihe',
      consortia: 'Kimppoja',
      municipalities: 'Kuntia',
      population: 'Asukkaita',
      share: 'Osuus',
      round: 'Kierros',
      signingDeadline: 'Allekirjoitukset viimeistään',
      goLive: 'Käyttöönotto',
      coveredAfter: 'Kattavuus kierroksen jälkeen',
      schedule: 'Toivottu aikataulu',
      answers: 'Vastaukset',
      group: 'Ryhmä',
      consortium: 'Kimppa',
      missing: 'Vastaamatta',
      error: 'Virhe',
    },
    total: 'Yhteensä',
    survey: {
      answered: 'Vastanneet',
      intendToJoin: 'Aikoo liittyä',
      notJoining: 'Ei aio liittyä',
      notAnswered: 'Ei vielä vastannut',
      notStarted: 'Kysely ei alkanut',
      unreadable: 'Tila ei luettavissa',
      consortiaLine: (all, partly, none) => `Kimpoista ${all} vastannut kokonaan, ${partly} osittain, ${none} ei lainkaan.`,
      schedulesTitle: 'Toivotut aikataulut (liittymään aikovat)',
      noSchedules: 'Ei vielä vastauksia.',
      notAnsweredTitle: 'Vastaamatta kimpoittain',
      everyoneAnswered: 'Kaikki kyselyn saaneet ovat vastanneet.',
      unreadableTitle: 'Kimpat, joiden tilaa ei voitu lukea',
    },
    schedule: { FIRST_ROUND: 'Ensimmäinen kierros', LATER: 'Myöhemmin', UNSPECIFIED: 'Ei täsmennetty' },
    consortiumLine: 'Kimppa',
    joinedOn: 'Liittynyt',
    notJoined: 'Ei liittynyt',
  },
  sv: {
    locale: 'sv-FI',
    languageName: 'svenska',
    pageTitle: 'E-biblioteket – kommunernas anslutning',
    headline: (n, share) => `${n} kommuner, ${share} % av finländarna`,
    headlineDetail: (population, total) => `${population} av ${total} invånare kan använda E-biblioteket`,
    updated: 'Uppdaterad',
    refreshFailed: 'Uppdateringen misslyckades – de senaste uppgifterna visas.',
    mapTitle: 'Kommunerna efter anslutningsfas',
    mapDescription: 'Finlands 309 kommuner färgade efter var kommunens biblioteksnätverk står i anslutningen till E-biblioteket.',
    phase: {
      NOT_STARTED: 'Inte påbörjad',
      SURVEY: 'Förhandsenkät',
      SIGNATURES: 'Underskrifter',
      INTEGRATION: 'Teknisk integration',
      SCHEDULED: 'Schemalagd',
      LIVE: 'I bruk',
      WITHDRAWN: 'Avbruten',
      UNKNOWN: 'Okänd fas',
    },
    phasesTitle: 'Efter fas',
    roundsTitle: 'Anslutningsomgångar',
    noRounds: 'Inga anslutningsomgångar.',
    surveyTitle: 'Förhandsenkät',
    column: {
      phase: 'Fas',
      consortia: 'Nätverk',
      municipalities: 'Kommuner',
      population: 'Invånare',
      share: 'Andel',
      round: 'Omgång',
      signingDeadline: 'Underskrifter senast',
      goLive: 'Ibruktagning',
      coveredAfter: 'Täckning efter omgången',
      schedule: 'Önskad tidtabell',
      answers: 'Svar',
      group: 'Grupp',
      consortium: 'Nätverk',
      missing: 'Har inte svarat',
      error: 'Fel',
    },
    total: 'Totalt',
    survey: {
      answered: 'Har svarat',
      intendToJoin: 'Avser att ansluta sig',
      notJoining: 'Avser inte att ansluta sig',
      notAnswered: 'Har inte svarat än',
      notStarted: 'Enkäten har inte börjat',
      unreadable: 'Status kunde inte läsas',
      consortiaLine: (all, partly, none) => `Av nätverken har ${all} svarat helt, ${partly} delvis och ${none} inte alls.`,
      schedulesTitle: 'Önskade tidtabeller (de som avser att ansluta sig)',
      noSchedules: 'Inga svar än.',
      notAnsweredTitle: 'Obesvarade per nätverk',
      everyoneAnswered: 'Alla som fått enkäten har svarat.',
      unreadableTitle: 'Nätverk vars status inte kunde läsas',
    },
    schedule: { FIRST_ROUND: 'Första omgången', LATER: 'Senare', UNSPECIFIED: 'Inte angivet' },
    consortiumLine: 'Nätverk',
    joinedOn: 'Ansluten',
    notJoined: 'Inte ansluten',
  },
  en: {
    locale: 'en-GB',
    languageName: 'English',
    pageTitle: 'E-kirjasto – municipalities joining',
    headline: (n, share) => `${n} municipalities, ${share} % of Finns`,
    headlineDetail: (population, total) => `${population} of ${total} residents may use E-kirjasto`,
    updated: 'Updated',
    refreshFailed: 'Refreshing failed – showing the latest figures.',
    mapTitle: 'Municipalities by joining phase',
    mapDescription: "Finland's 309 municipalities coloured by where their library consortium stands in joining E-kirjasto.",
    phase: {
      NOT_STARTED: 'Not started',
      SURVEY: 'Pre-survey',
      SIGNATURES: 'Signatures',
      INTEGRATION: 'Technical integration',
      SCHEDULED: 'Scheduled',
      LIVE: 'Live',
      WITHDRAWN: 'Withdrawn',
      UNKNOWN: 'Unknown phase',
    },
    phasesTitle: 'By phase',
    roundsTitle: 'Joining rounds',
    noRounds: 'No joining rounds.',
    surveyTitle: 'Pre-survey',
    column: {
      phase: 'Phase',
      consortia: 'Consortia',
      municipalities: 'Municipalities',
      population: 'Residents',
      share: 'Share',
      round: 'Round',
      signingDeadline: 'Signed by',
      goLive: 'Go-live',
      coveredAfter: 'Coverage after the round',
      schedule: 'Desired schedule',
      answers: 'Answers',
      group: 'Group',
      consortium: 'Consortium',
      missing: 'Not answered',
      error: 'Error',
    },
    total: 'Total',
    survey: {
      answered: 'Answered',
      intendToJoin: 'Intend to join',
      notJoining: 'Not joining',
      notAnswered: 'Not answered yet',
      notStarted: 'Survey not started',
      unreadable: 'State unreadable',
      consortiaLine: (all, partly, none) => `Consortia: ${all} answered in full, ${partly} in part, ${none} not at all.`,
      schedulesTitle: 'Desired schedules (of those intending to join)',
      noSchedules: 'No answers yet.',
      notAnsweredTitle: 'Not answered, by consortium',
      everyoneAnswered: 'Everyone asked has answered.',
      unreadableTitle: 'Consortia whose state could not be read',
    },
    schedule: { FIRST_ROUND: 'First round', LATER: 'Later', UNSPECIFIED: 'Unspecified' },
    consortiumLine: 'Consortium',
    joinedOn: 'Joined',
    notJoined: 'Not joined',
  },
};

/** Numbers, percentages and dates the way each language writes them (85,3 % in Finnish and Swedish). */
export function formatters(labels: Labels) {
  const integer = new Intl.NumberFormat(labels.locale);
  const oneDecimal = new Intl.NumberFormat(labels.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(labels.locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(labels.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(labels.locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Helsinki' });
  return {
    integer: (n: number) => integer.format(n),
    share: (n: number) => oneDecimal.format(n),
    /** `YYYY-MM-DD` */
    date: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
    /** `YYYY-MM` */
    month: (iso: string) => month.format(new Date(`${iso}-01T00:00:00Z`)),
    instant: (iso: string) => time.format(new Date(iso)),
  };
}
export type Formatters = ReturnType<typeof formatters>;
