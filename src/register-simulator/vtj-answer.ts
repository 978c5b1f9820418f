// The simulator's side of the wire format, a JSON rendering of the VTJ person query
// (HenkilonTunnusKysely → VTJHenkiloVastaussanoma). The client side lives in
// activities/population-register/http-adapter.ts.
import type { IndexedPerson } from './population';

/** Products (tuote): the basic person data, or the same with the person's wards (huollettavat). */
export type Product = 'PERUSSANOMA' | 'HUOLTAJA';

export interface PersonQuery {
  hetu: string;
  tuote: Product;
  /** The caller holds a permit to receive data protected by a non-disclosure marking. */
  turvakieltoLupa: boolean;
}

export class PersonQueryError extends Error {
  override name = 'PersonQueryError';
}

/** Reads a query body; errors never repeat the identity code. */
export function readPersonQuery(body: unknown): PersonQuery {
  if (typeof body !== 'object' || body === null) throw new PersonQueryError('the query must be a JSON object');
  const { hetu, tuote, turvakieltoLupa = false } = body as Record<string, unknown>;
  if (typeof hetu !== 'string') throw new PersonQueryError('hetu must be a string');
  if (tuote !== 'PERUSSANOMA' && tuote !== 'HUOLTAJA') throw new PersonQueryError('tuote must be PERUSSANOMA or HUOLTAJA');
  if (typeof turvakieltoLupa !== 'boolean') throw new PersonQueryError('turvakieltoLupa must be true or false');
  return { hetu, tuote, turvakieltoLupa };
}

const FLAG = (value: boolean) => (value ? '1' : '0');

export function answerPersonQuery(person: IndexedPerson | undefined, query: PersonQuery): object {
  if (person === undefined) return { Paluukoodi: '0001', PaluukoodiTeksti: 'Henkilöä ei löytynyt' };
  if (person.deceased) {
    return {
      Paluukoodi: '0007',
      PaluukoodiTeksti: 'Henkilö on kuollut',
      Henkilo: { Kuolintiedot: { Kuollut: '1' }, Turvakielto: { TurvakieltoTieto: FLAG(person.nonDisclosure) } },
    };
  }
  // Like the real register, the home municipality of a person under non-disclosure is not disclosed
  // to a caller without a permit: the element is absent, not empty.
  const disclose = !person.nonDisclosure || query.turvakieltoLupa;
  return {
    Paluukoodi: '0000',
    PaluukoodiTeksti: 'Haku onnistui',
    Henkilo: {
      ...(disclose && { Kotikunta: { Kuntanumero: person.homeMunicipalityCode ?? '' } }),
      Turvakielto: { TurvakieltoTieto: FLAG(person.nonDisclosure) },
      Kuolintiedot: { Kuollut: '0' },
      ...(query.tuote === 'HUOLTAJA' && { Huollettavat: person.guardianOf.map((ward) => ({ Henkilotunnus: ward })) }),
    },
  };
}
