// The console's words in Finnish, Swedish and English (phase names come from the overview's labels).
// Each language must give every label: a missing translation fails the type check.
import { LABELS as OVERVIEW_LABELS, type Language } from '../overview/i18n';

export interface ConsoleLabels {
  title: string;
  skip: string;
  signedInAs: string;
  signOut: string;
  signIn: string;
  nav: { consortia: string; rounds: string; overview: string; language: string };
  phase: (typeof OVERVIEW_LABELS)['fi']['phase'];
  consortiaTitle: string;
  noConsortia: string;
  members: string;
  col: {
    consortium: string; municipality: string; code: string; survey: string; intends: string; schedule: string; contact: string;
    signature: string; step: string; status: string; when: string; who: string; what: string; recipient: string; subject: string;
    name: string; deadline: string; goLive: string; scheduled: string; link: string;
  };
  yes: string;
  no: string;
  none: string;
  done: string;
  pending: string;
  automatic: string;
  notStarted: string;
  checklist: string;
  round: string;
  noRound: string;
  reminders: (sent: number) => string;
  remindersTitle: string;
  noReminders: string;
  history: string;
  noHistory: string;
  actions: string;
  saved: string;
  refused: string;
  form: {
    start: string; startHint: string; restart: string; restartHint: string; survey: string; intendsToJoin: string; desiredSchedule: string; contactEmail: string;
    signature: string; signedOn: string; signatory: string; completeStep: string; step: string; move: string; target: string;
    withdraw: string; reason: string; save: string; addRound: string; changeRound: string; name: string; deadline: string;
    goLive: string; issueLink: string; revokeLinks: string; linkIssued: string; linkHint: string;
  };
  roundsTitle: string;
  roundLocked: string;
  survey: {
    title: (municipality: string) => string; intro: string; signature: (date: string, who: string) => string; notSigned: string;
    thanks: string; expired: string; used: string; revoked: string; invalid: string; send: string; answered: (date: string) => string;
  };
  auth: { signedOut: string; signInAgain: string; failed: string; notConfigured: string; forbidden: string; notFound: string; error: string; back: string };
}

export const CONSOLE_LABELS: Record<Language, ConsoleLabels> = {
  fi: {
    title: 'E-kirjasto – liittymisten hallinta',
    skip: 'Siirry sisältöön',
    signedInAs: 'Kirjautunut',
    signOut: 'Kirjaudu ulos',
    signIn: 'Kirjaudu sisään',
    nav: { consortia: 'Kimpat', rounds: 'Liittymiskierrokset', overview: 'Tilannekuva', language: 'Kieli' },
    phase: OVERVIEW_LABELS.fi.phase,
    consortiaTitle: 'Kimpat vaiheittain',
    noConsortia: 'Ei kimppoja tässä vaiheessa.',
    members: 'Jäsenkunnat',
    col: {
      consortium: 'Kimppa', municipality: 'Kunta', code: 'Koodi', survey: 'Ennakkokysely', intends: 'Aikoo liittyä', schedule: 'Toivottu aikataulu',
      contact: 'Yhteyshenkilö', signature: 'Allekirjoitus', step: 'Vaihe', status: 'Tila', when: 'Milloin', who: 'Kuka', what: 'Mitä',
      recipient: 'Vastaanottaja', subject: 'Aihe', name: 'Nimi', deadline: 'Allekirjoitukset viimeistään', goLive: 'Käyttöönotto',
      scheduled: 'Aikataulutettuja kimppoja', link: 'Kyselylinkki',
    },
    yes: 'kyllä', no: 'ei', none: '–', done: 'valmis', pending: 'kesken', automatic: 'automaattinen',
    notStarted: 'Liittymistä ei ole aloitettu.',
    checklist: 'Integraation tarkistuslista',
    round: 'Liittymiskierros',
    noRound: 'Ei vielä kierrosta.',
    reminders: (n) => `Muistutuksia lähetetty: ${n}`,
    remindersTitle: 'Lähetetyt muistutukset',
    noReminders: 'Ei muistutuksia.',
    history: 'Historia',
    noHistory: 'Ei kirjauksia.',
    actions: 'Toimenpiteet',
    saved: 'Tallennettu.',
    refused: 'Ei tallennettu',
    form: {
      start: 'Aloita liittyminen', startHint: 'Aloittaa kimpan liittymisen (ennakkokysely).',
      restart: 'Aloita liittyminen uudelleen', restartHint: 'Kimppa vetäytyi; tämä aloittaa sen liittymisen alusta.', survey: 'Kirjaa ennakkokyselyn vastaus',
      intendsToJoin: 'Aikoo liittyä', desiredSchedule: 'Toivottu aikataulu', contactEmail: 'Yhteyshenkilön sähköposti',
      signature: 'Kirjaa allekirjoitus', signedOn: 'Allekirjoituspäivä', signatory: 'Allekirjoittaja', completeStep: 'Merkitse integraatiovaihe valmiiksi',
      step: 'Vaihe', move: 'Siirrä kunta toiseen kimppaan', target: 'Uusi kimppa', withdraw: 'Vetäydy liittymisestä', reason: 'Syy',
      save: 'Tallenna', addRound: 'Lisää liittymiskierros', changeRound: 'Muuta kierrosta', name: 'Nimi', deadline: 'Allekirjoitukset viimeistään',
      goLive: 'Käyttöönottopäivä', issueLink: 'Luo kyselylinkki', revokeLinks: 'Mitätöi kunnan kyselylinkit', linkIssued: 'Uusi kyselylinkki kunnalle',
      linkHint: 'Lähetä linkki kunnan yhteyshenkilölle. Se toimii vain tälle kunnalle ja vanhenee.',
    },
    roundsTitle: 'Liittymiskierrokset',
    roundLocked: 'Kierrokselle on aikataulutettu kimppoja: sitä ei voi enää muuttaa.',
    survey: {
      title: (m) => `E-kirjaston ennakkokysely${m ? `: ${m}` : ''}`,
      intro: 'Vastaa kunnan puolesta E-kirjaston ennakkokyselyyn. Vastaus kirjataan kunnan liittymiseen.',
      signature: (d, w) => `Yhteistyösopimus allekirjoitettu ${d} (${w}).`,
      notSigned: 'Yhteistyösopimusta ei ole vielä allekirjoitettu.',
      thanks: 'Kiitos! Vastaus on tallennettu.',
      expired: 'Tämä linkki on vanhentunut. Pyydä uusi linkki Kansalliskirjastosta.',
      used: 'Tällä linkillä on jo vastattu. Pyydä uusi linkki, jos vastausta pitää muuttaa.',
      revoked: 'Tämä linkki on mitätöity. Pyydä uusi linkki Kansalliskirjastosta.',
      invalid: 'Tämä linkki ei kelpaa. Tarkista, että kopioit sen kokonaan.',
      send: 'Lähetä vastaus',
      answered: (d) => `Kunta vastasi kyselyyn ${d}.`,
    },
    auth: {
      signedOut: 'Olet kirjautunut ulos.', signInAgain: 'Kirjaudu uudelleen', failed: 'Kirjautuminen ei onnistunut',
      notConfigured: 'Kertakirjautumista ei ole määritetty tälle palvelulle (OIDC_ISSUER_URL).', forbidden: 'Ei sallittu',
      notFound: 'Ei löytynyt', error: 'Virhe', back: 'Takaisin',
    },
  },
  sv: {
    title: 'E-biblioteket – hantering av anslutningar',
    skip: 'Hoppa till innehållet',
    signedInAs: 'Inloggad',
    signOut: 'Logga ut',
    signIn: 'Logga in',
    nav: { consortia: 'Nätverk', rounds: 'Anslutningsomgångar', overview: 'Lägesbild', language: 'Språk' },
    phase: OVERVIEW_LABELS.sv.phase,
    consortiaTitle: 'Biblioteksnätverk efter fas',
    noConsortia: 'Inga nätverk i denna fas.',
    members: 'Medlemskommuner',
    col: {
      consortium: 'Nätverk', municipality: 'Kommun', code: 'Kod', survey: 'Förhandsenkät', intends: 'Avser att ansluta sig', schedule: 'Önskad tidtabell',
      contact: 'Kontaktperson', signature: 'Underskrift', step: 'Steg', status: 'Status', when: 'När', who: 'Vem', what: 'Vad',
      recipient: 'Mottagare', subject: 'Ämne', name: 'Namn', deadline: 'Underskrifter senast', goLive: 'Ibruktagande',
      scheduled: 'Schemalagda nätverk', link: 'Enkätlänk',
    },
    yes: 'ja', no: 'nej', none: '–', done: 'klart', pending: 'pågår', automatic: 'automatiskt',
    notStarted: 'Anslutningen har inte påbörjats.',
    checklist: 'Integrationens checklista',
    round: 'Anslutningsomgång',
    noRound: 'Ingen omgång ännu.',
    reminders: (n) => `Påminnelser skickade: ${n}`,
    remindersTitle: 'Skickade påminnelser',
    noReminders: 'Inga påminnelser.',
    history: 'Historik',
    noHistory: 'Inga anteckningar.',
    actions: 'Åtgärder',
    saved: 'Sparat.',
    refused: 'Inte sparat',
    form: {
      start: 'Påbörja anslutningen', startHint: 'Påbörjar nätverkets anslutning (förhandsenkät).',
      restart: 'Påbörja anslutningen på nytt', restartHint: 'Nätverket drog sig ur; detta påbörjar anslutningen från början.', survey: 'Anteckna svar på förhandsenkäten',
      intendsToJoin: 'Avser att ansluta sig', desiredSchedule: 'Önskad tidtabell', contactEmail: 'Kontaktpersonens e-post',
      signature: 'Anteckna underskrift', signedOn: 'Datum för underskrift', signatory: 'Undertecknare', completeStep: 'Markera integrationssteget klart',
      step: 'Steg', move: 'Flytta kommunen till ett annat nätverk', target: 'Nytt nätverk', withdraw: 'Avbryt anslutningen', reason: 'Orsak',
      save: 'Spara', addRound: 'Lägg till anslutningsomgång', changeRound: 'Ändra omgången', name: 'Namn', deadline: 'Underskrifter senast',
      goLive: 'Datum för ibruktagande', issueLink: 'Skapa enkätlänk', revokeLinks: 'Ogiltigförklara kommunens enkätlänkar', linkIssued: 'Ny enkätlänk för kommunen',
      linkHint: 'Skicka länken till kommunens kontaktperson. Den gäller bara denna kommun och går ut.',
    },
    roundsTitle: 'Anslutningsomgångar',
    roundLocked: 'Nätverk har schemalagts till omgången: den kan inte längre ändras.',
    survey: {
      title: (m) => `E-bibliotekets förhandsenkät${m ? `: ${m}` : ''}`,
      intro: 'Besvara E-bibliotekets förhandsenkät för kommunen. Svaret antecknas i kommunens anslutning.',
      signature: (d, w) => `Samarbetsavtalet undertecknat ${d} (${w}).`,
      notSigned: 'Samarbetsavtalet har ännu inte undertecknats.',
      thanks: 'Tack! Svaret har sparats.',
      expired: 'Länken har gått ut. Be Nationalbiblioteket om en ny länk.',
      used: 'Länken har redan använts. Be om en ny länk om svaret ska ändras.',
      revoked: 'Länken har ogiltigförklarats. Be Nationalbiblioteket om en ny länk.',
      invalid: 'Länken är inte giltig. Kontrollera att du kopierade hela länken.',
      send: 'Skicka svaret',
      answered: (d) => `Kommunen besvarade enkäten ${d}.`,
    },
    auth: {
      signedOut: 'Du har loggat ut.', signInAgain: 'Logga in igen', failed: 'Inloggningen misslyckades',
      notConfigured: 'Engångsinloggning har inte konfigurerats för tjänsten (OIDC_ISSUER_URL).', forbidden: 'Inte tillåtet',
      notFound: 'Hittades inte', error: 'Fel', back: 'Tillbaka',
    },
  },
  en: {
    title: 'E-kirjasto – joining console',
    skip: 'Skip to content',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    signIn: 'Sign in',
    nav: { consortia: 'Consortia', rounds: 'Joining rounds', overview: 'Overview', language: 'Language' },
    phase: OVERVIEW_LABELS.en.phase,
    consortiaTitle: 'Consortia by phase',
    noConsortia: 'No consortia in this phase.',
    members: 'Member municipalities',
    col: {
      consortium: 'Consortium', municipality: 'Municipality', code: 'Code', survey: 'Pre-survey', intends: 'Intends to join', schedule: 'Wished schedule',
      contact: 'Contact', signature: 'Signature', step: 'Step', status: 'Status', when: 'When', who: 'Who', what: 'What',
      recipient: 'Recipient', subject: 'Subject', name: 'Name', deadline: 'Signatures by', goLive: 'Go-live',
      scheduled: 'Consortia scheduled', link: 'Survey link',
    },
    yes: 'yes', no: 'no', none: '–', done: 'done', pending: 'pending', automatic: 'automatic',
    notStarted: 'Onboarding has not been started.',
    checklist: 'Integration checklist',
    round: 'Joining round',
    noRound: 'No round yet.',
    reminders: (n) => `Reminders sent: ${n}`,
    remindersTitle: 'Reminders sent',
    noReminders: 'No reminders.',
    history: 'History',
    noHistory: 'Nothing recorded.',
    actions: 'Actions',
    saved: 'Saved.',
    refused: 'Not saved',
    form: {
      start: 'Start onboarding', startHint: "Starts the consortium's onboarding (pre-survey).",
      restart: 'Restart onboarding', restartHint: 'The consortium withdrew; this starts its onboarding again from the beginning.', survey: 'Record a pre-survey answer',
      intendsToJoin: 'Intends to join', desiredSchedule: 'Wished schedule', contactEmail: "Contact's e-mail",
      signature: 'Record a signature', signedOn: 'Signed on', signatory: 'Signatory', completeStep: 'Mark an integration step done',
      step: 'Step', move: 'Move a municipality to another consortium', target: 'New consortium', withdraw: 'Withdraw the onboarding', reason: 'Reason',
      save: 'Save', addRound: 'Add a joining round', changeRound: 'Change the round', name: 'Name', deadline: 'Signatures by',
      goLive: 'Go-live date', issueLink: 'Create a survey link', revokeLinks: "Revoke the municipality's survey links", linkIssued: 'New survey link for the municipality',
      linkHint: "Send the link to the municipality's contact. It works for this municipality only, and expires.",
    },
    roundsTitle: 'Joining rounds',
    roundLocked: 'Consortia are scheduled into this round: it can no longer change.',
    survey: {
      title: (m) => `E-kirjasto pre-survey${m ? `: ${m}` : ''}`,
      intro: "Answer E-kirjasto's pre-survey for the municipality. The answer is recorded in its onboarding.",
      signature: (d, w) => `Cooperation agreement signed on ${d} (${w}).`,
      notSigned: 'The cooperation agreement has not been signed yet.',
      thanks: 'Thank you! The answer has been saved.',
      expired: 'This link has expired. Ask the National Library for a new one.',
      used: 'This link has already been used. Ask for a new one if the answer must change.',
      revoked: 'This link has been revoked. Ask the National Library for a new one.',
      invalid: 'This link is not valid. Check that you copied all of it.',
      send: 'Send the answer',
      answered: (d) => `The municipality answered the survey on ${d}.`,
    },
    auth: {
      signedOut: 'You have signed out.', signInAgain: 'Sign in again', failed: 'Sign-in failed',
      notConfigured: 'Single sign-on is not configured for this service (OIDC_ISSUER_URL).', forbidden: 'Not allowed',
      notFound: 'Not found', error: 'Error', back: 'Back',
    },
  },
};
