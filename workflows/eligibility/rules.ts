// Who may use E-kirjasto, decided at every login from the population register's facts.
// Pure: no I/O, no clock (the caller passes today's Helsinki date), safe in the workflow sandbox.
import type {
  EligibilityDecision,
  EligibilityFacts,
  EligibilityOptions,
  EligibilityReason,
  LocalizedMessage,
} from './contract';
import { ageOn, parseIdentityCode, type CalendarDate } from './identity-code';

/** Statistics Finland codes that mean "no home municipality in Finland": 198 none in Finland,
 * 199 unknown, 200 abroad. An empty value means the same. */
export const NO_FINNISH_HOME_MUNICIPALITY_CODES: readonly string[] = ['198', '199', '200'];

/** Under this age a child uses the service only through a guardian's identification. */
export const SELF_SIGN_IN_MIN_AGE = 13;
/** Guardianship ends at majority. */
export const AGE_OF_MAJORITY = 18;

export function hasFinnishHomeMunicipality(code: string | null): code is string {
  return code !== null && code !== '' && !NO_FINNISH_HOME_MUNICIPALITY_CODES.includes(code);
}

/** The rules in the order of the domain, the first that applies decides. */
export function decideEligibility(
  request: { personId: string; guardianId?: string },
  facts: EligibilityFacts,
  now: CalendarDate,
  options: EligibilityOptions,
): EligibilityDecision {
  const actingGuardian = request.guardianId !== undefined;
  const deny = (reason: EligibilityReason, municipalityCode: string | null = null): EligibilityDecision =>
    decisionFor('DENY', reason, municipalityCode, actingGuardian);

  // 1. An identity code that does not parse cannot be in the register either.
  const identity = parseIdentityCode(request.personId);
  if (!identity.ok) return deny(actingGuardian ? 'NOT_GUARDIAN' : 'PERSON_NOT_FOUND');
  const age = ageOn(identity.birthDate, now);

  // 2. A guardian acts only for a minor the register lists as their ward. Checked first: whoever acts
  //    as a guardian must learn nothing about a child that is not theirs, not even whether it exists.
  if (actingGuardian) {
    const guardian = facts.guardian;
    const listed = guardian !== undefined && guardian.found && !guardian.deceased && guardian.listedAsGuardian;
    if (!listed || age >= AGE_OF_MAJORITY || facts.subject === null) return deny('NOT_GUARDIAN');
  }

  // 3. The subject is the child when a guardian acts, else the user.
  const subject = facts.subject;
  if (subject === null || !subject.found) return deny('PERSON_NOT_FOUND');

  // 4.
  if (subject.deceased) return deny('DECEASED');

  // 5. turvakielto: without the permit the municipality is not even read, so nothing below can apply;
  //    with it, data the register withholds (0019) still decide nothing about a municipality.
  const nonDisclosure = subject.nonDisclosure || (facts.guardian?.nonDisclosure ?? false);
  if ((nonDisclosure && !options.nonDisclosurePermit) || subject.withheld === true) return deny('NON_DISCLOSURE');

  // 6.
  const municipalityCode = subject.homeMunicipalityCode;
  if (!hasFinnishHomeMunicipality(municipalityCode)) return deny('NO_HOME_MUNICIPALITY');

  // 7.
  if (facts.municipalityLive !== true) return deny('MUNICIPALITY_NOT_JOINED', municipalityCode);

  // 8. Children of 13-17 may sign in themselves or through a guardian; younger ones only through one.
  if (!actingGuardian && age < SELF_SIGN_IN_MIN_AGE) return deny('GUARDIAN_REQUIRED', municipalityCode);

  // 9.
  return decisionFor('ALLOW', 'ELIGIBLE', municipalityCode, actingGuardian);
}

/** The register could not answer in time: never a refusal, the user is asked to try again later. */
export function unavailableDecision(): EligibilityDecision {
  return decisionFor('UNAVAILABLE', 'REGISTER_UNAVAILABLE', null, false);
}

/** A decision and its message; a guardian acting for a child is told about the child. */
export function decisionFor(
  outcome: EligibilityDecision['decision'],
  reason: EligibilityReason,
  municipalityCode: string | null,
  actingGuardian: boolean,
): EligibilityDecision {
  const texts = MESSAGES[reason];
  return { decision: outcome, reason, municipalityCode, message: (actingGuardian && texts.forGuardian) || texts.self };
}

/** End-user texts. `forGuardian` is used when a guardian acts for a child and the sentence is about the child. */
const MESSAGES: Record<EligibilityReason, { self: LocalizedMessage; forGuardian?: LocalizedMessage }> = {
  ELIGIBLE: {
    self: {
      fi: 'Voit käyttää E-kirjastoa.',
      sv: 'Du kan använda E-biblioteket.',
      en: 'You can use E-kirjasto.',
    },
    forGuardian: {
      fi: 'Voit käyttää E-kirjastoa lapsesi puolesta.',
      sv: 'Du kan använda E-biblioteket för ditt barns räkning.',
      en: 'You can use E-kirjasto on behalf of your child.',
    },
  },
  PERSON_NOT_FOUND: {
    self: {
      fi: 'Tietojasi ei löytynyt väestötietojärjestelmästä.',
      sv: 'Dina uppgifter hittades inte i befolkningsdatasystemet.',
      en: 'Your details were not found in the Population Information System.',
    },
    forGuardian: {
      fi: 'Lapsen tietoja ei löytynyt väestötietojärjestelmästä.',
      sv: 'Barnets uppgifter hittades inte i befolkningsdatasystemet.',
      en: "The child's details were not found in the Population Information System.",
    },
  },
  DECEASED: {
    self: {
      fi: 'E-kirjastoa ei voi käyttää tällä henkilötunnuksella.',
      sv: 'E-biblioteket kan inte användas med den här personbeteckningen.',
      en: 'E-kirjasto cannot be used with this personal identity code.',
    },
  },
  NOT_GUARDIAN: {
    self: {
      fi: 'Voit käyttää E-kirjastoa toisen puolesta vain, jos olet väestötietojärjestelmän mukaan alle 18-vuotiaan lapsen huoltaja.',
      sv: 'Du kan använda E-biblioteket för någon annans räkning endast om du enligt befolkningsdatasystemet är vårdnadshavare för ett barn under 18 år.',
      en: 'You can use E-kirjasto on behalf of someone else only if the Population Information System lists you as the guardian of a child under 18.',
    },
  },
  NON_DISCLOSURE: {
    self: {
      fi: 'E-kirjasto ei vielä voi käsitellä turvakiellon alaisia kotikuntatietoja, joten palvelua ei toistaiseksi voi käyttää.',
      sv: 'E-biblioteket kan ännu inte behandla hemkommunsuppgifter som omfattas av spärrmarkering, så tjänsten kan tills vidare inte användas.',
      en: 'E-kirjasto cannot yet process home municipality data protected by a non-disclosure marking, so the service cannot be used for now.',
    },
  },
  NO_HOME_MUNICIPALITY: {
    self: {
      fi: 'E-kirjaston käyttö edellyttää kotikuntaa Suomessa.',
      sv: 'För att använda E-biblioteket krävs en hemkommun i Finland.',
      en: 'Using E-kirjasto requires a home municipality in Finland.',
    },
    forGuardian: {
      fi: 'E-kirjaston käyttö edellyttää, että lapsen kotikunta on Suomessa.',
      sv: 'För att använda E-biblioteket krävs att barnet har en hemkommun i Finland.',
      en: 'Using E-kirjasto requires the child to have a home municipality in Finland.',
    },
  },
  MUNICIPALITY_NOT_JOINED: {
    self: {
      fi: 'Kotikuntasi ei ole vielä liittynyt E-kirjastoon.',
      sv: 'Din hemkommun har ännu inte anslutit sig till E-biblioteket.',
      en: 'Your home municipality has not joined E-kirjasto yet.',
    },
    forGuardian: {
      fi: 'Lapsen kotikunta ei ole vielä liittynyt E-kirjastoon.',
      sv: 'Barnets hemkommun har ännu inte anslutit sig till E-biblioteket.',
      en: "The child's home municipality has not joined E-kirjasto yet.",
    },
  },
  GUARDIAN_REQUIRED: {
    self: {
      fi: 'Alle 13-vuotias käyttää E-kirjastoa huoltajan tunnistautumisella. Pyydä huoltajaasi kirjautumaan.',
      sv: 'Barn under 13 år använder E-biblioteket med vårdnadshavarens identifiering. Be din vårdnadshavare logga in.',
      en: "Children under 13 use E-kirjasto through a guardian's identification. Ask your guardian to sign in.",
    },
  },
  REGISTER_UNAVAILABLE: {
    self: {
      fi: 'Väestötietojärjestelmään ei juuri nyt saatu yhteyttä. Yritä hetken kuluttua uudelleen.',
      sv: 'Befolkningsdatasystemet kunde inte nås just nu. Försök igen om en stund.',
      en: 'The Population Information System could not be reached right now. Please try again in a moment.',
    },
  },
};
