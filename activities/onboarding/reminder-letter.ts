// The reminder letter, in Finnish and Swedish like the National Library's own letters: short and polite.
import type { ReminderRecipient, ReminderRequest } from '../../workflows/onboarding/activities';

export interface MunicipalityNames {
  fi: string;
  sv: string;
}

export interface Letter {
  subject: string;
  body: string;
}

/** 2024-03-15 → 15.3.2024, as dates are written in both languages. */
function finnishDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day}.${month}.${year}`;
}

function named(code: string, names: MunicipalityNames | undefined): { fi: string; sv: string } {
  return names ? { fi: `${names.fi} (${code})`, sv: `${names.sv} (${code})` } : { fi: `Kunta ${code}`, sv: `Kommunen ${code}` };
}

/**
 * The letter to a member's contact, or, when the member has no contact yet (no survey answer), to the
 * National Library's staff so that they can reach the municipality another way.
 */
export function reminderLetter(
  request: ReminderRequest,
  recipient: ReminderRecipient,
  names: MunicipalityNames | undefined,
  toStaff: boolean,
  surveyLink?: string,
): Letter {
  const who = named(recipient.municipalityCode, names);
  const consortium = request.consortiumName;
  const deadline = request.deadline;
  const subject =
    request.kind === 'BEFORE_DEADLINE' && deadline
      ? `E-kirjasto: allekirjoitusten määräaika ${finnishDate(deadline.signingDeadline)} lähestyy / E-biblioteket: tidsfristen för underskrifter ${finnishDate(deadline.signingDeadline)} närmar sig`
      : 'E-kirjasto: muistutus / E-biblioteket: påminnelse';

  const fi: string[] = [];
  const sv: string[] = [];
  if (toStaff) {
    fi.push(`${who.fi} (kimppa ${consortium}) ei ole vielä vastannut E-kirjaston ennakkokyselyyn, eikä sille ole kirjattu yhteyshenkilöä. Olkaa hyvä ja ottakaa yhteyttä kunnan kirjastoon.`);
    sv.push(`${who.sv} (biblioteksnätverket ${consortium}) har ännu inte besvarat E-bibliotekets förhandsenkät och saknar kontaktperson. Var vänlig och kontakta kommunens bibliotek.`);
  } else if (recipient.missing === 'SURVEY') {
    fi.push(`${who.fi} ei ole vielä vastannut E-kirjaston ennakkokyselyyn. Kyselyyn vastataan ennen yhteistyösopimuksen allekirjoittamista.`);
    sv.push(`${who.sv} har ännu inte besvarat E-bibliotekets förhandsenkät. Enkäten besvaras innan samarbetsavtalet undertecknas.`);
  } else {
    fi.push(`${who.fi}: yhteistyösopimus E-kirjaston kanssa odottaa vielä allekirjoitusta. Kimppa ${consortium} voi liittyä E-kirjastoon, kun kaikki sen kunnat ovat allekirjoittaneet sopimuksen.`);
    sv.push(`${who.sv}: samarbetsavtalet med E-biblioteket väntar ännu på underskrift. Biblioteksnätverket ${consortium} kan ansluta sig till E-biblioteket när alla dess kommuner har undertecknat avtalet.`);
  }
  if (recipient.declinedToJoin) {
    fi.push('Ennakkokyselyssä kunta ilmoitti, ettei se aio liittyä. Koska kimppa liittyy kokonaisuutena, sen muut kunnat odottavat kunnan päätöstä.');
    sv.push('I förhandsenkäten meddelade kommunen att den inte avser att ansluta sig. Eftersom nätverket ansluter sig som en helhet väntar de övriga kommunerna på kommunens beslut.');
  }
  if (deadline) {
    fi.push(`Seuraavan liittymiskierroksen (${deadline.roundName}) allekirjoitusten määräaika on ${finnishDate(deadline.signingDeadline)}.`);
    sv.push(`Sista dag för underskrifter i nästa anslutningsomgång (${deadline.roundName}) är ${finnishDate(deadline.signingDeadline)}.`);
  }
  if (surveyLink) {
    const forward = toStaff ? ' (välittäkää linkki kunnalle)' : '';
    const forwardSv = toStaff ? ' (vidarebefordra länken till kommunen)' : '';
    fi.push(`Kunnan oma linkki ennakkokyselyyn ja allekirjoituksen tilanteeseen${forward}:\n${surveyLink}\nLinkki on henkilökohtainen ja vanhenee.`);
    sv.push(`Kommunens egen länk till förhandsenkäten och underskriftens status${forwardSv}:\n${surveyLink}\nLänken är personlig och går ut.`);
  }
  const body = [
    'Hyvä vastaanottaja,',
    fi.join('\n\n'),
    'Ystävällisin terveisin\nKansalliskirjasto, E-kirjasto',
    '---',
    'Bästa mottagare,',
    sv.join('\n\n'),
    'Med vänliga hälsningar\nNationalbiblioteket, E-biblioteket',
  ].join('\n\n');
  return { subject, body };
}
