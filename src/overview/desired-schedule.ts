// The pre-survey's desired schedule (toivottu aikataulu / önskad tidtabell) is free text in the
// onboarding contract. This reads the common Finnish, Swedish and English phrasings into something
// that can be grouped, and always keeps the original words: a reading that fails is UNSPECIFIED,
// never a guess.

export type ScheduleKind = 'FIRST_ROUND' | 'MONTH' | 'QUARTER' | 'LATER' | 'UNSPECIFIED';

export interface StructuredSchedule {
  kind: ScheduleKind;
  /** `YYYY-MM`, for kind MONTH */
  month?: string;
  /** `YYYY-Qn`, for kind QUARTER */
  quarter?: string;
  /** The answer as given. */
  text: string;
}

// Letters include å, ä, ö: `\b` would split "syksyllä" inside the word, so boundaries are spelled out.
const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';
const re = (source: string) => new RegExp(source, 'u');

const FIRST_ROUND = [
  re(`${START}ensimmäi\\p{L}*\\s+(?:liittymis)?kierro`), // ensimmäinen kierros, ensimmäisellä kierroksella
  re(`${START}1\\.\\s*kierro|${START}kierro\\p{L}*\\s+1${END}`),
  re(`${START}heti${END}|${START}avau\\p{L}*|${START}avaj\\p{L}*`), // heti alussa, avauksessa, avajaisiin
  re(`${START}först\\p{L}*\\s+omgång|${START}omgång\\s+1${END}|${START}genast${END}|${START}från\\s+(?:början|start)`),
  re(`${START}vid\\s+(?:lanseringen|öppningen|starten)`),
  re(`${START}first\\s+round|${START}round\\s+(?:1|one)${END}|${START}from\\s+the\\s+(?:start|outset|beginning)`),
  re(`${START}at\\s+(?:the\\s+)?(?:launch|opening)|${START}immediately|${START}as\\s+soon\\s+as\\s+possible|${START}asap${END}`),
];

const LATER = re(
  [
    `${START}myöhem\\p{L}*`, // myöhemmin, myöhemmällä kierroksella
    `${START}seuraava\\p{L}*\\s+kierro`,
    `${START}toi\\p{L}*\\s+kierro`, // toinen kierros, toisella kierroksella
    `${START}senare${END}`,
    `${START}nästa\\s+omgång`,
    `${START}andra\\s+omgång`,
    `${START}later${END}`,
    `${START}(?:next|second|subsequent|later)\\s+round`,
    `${START}round\\s+(?:2|two)${END}`,
  ].join('|'),
);

// "ei ensimmäisellä kierroksella", "inte i första omgången", "not in the first round"
const NEGATION_BEFORE = re(`${START}(?:ei|inte|not)\\s+(?:\\S+\\s+){0,2}$`);

// Finnish month names inflect (huhtikuussa, huhtikuun, huhtikuulle): their stem takes any ending.
// Swedish and English names stand as whole words, so that "mar" does not match "marraskuu".
const MONTH_NAMES: [RegExp, number][] = (
  [
    ['tammikuu', 'januari|january|jan', 1],
    ['helmikuu', 'februari|february|feb', 2],
    ['maaliskuu', 'mars|march|mar', 3],
    ['huhtikuu', 'april|apr', 4],
    ['toukokuu', 'maj|may(?=\\s+20\\d\\d)', 5], // English "may" only before a year: "we may join later"
    ['kesäkuu', 'juni|june|jun', 6],
    ['heinäkuu', 'juli|july|jul', 7],
    ['elokuu', 'augusti|august|aug', 8],
    ['syyskuu', 'september|sept|sep', 9],
    ['lokakuu', 'oktober|october|oct', 10],
    ['marraskuu', 'november|nov', 11],
    ['joulukuu', 'december|dec', 12],
  ] as const
).map(([fi, others, month]) => [re(`${START}(?:${fi}\\p{L}*|(?:${others})${END})`), month]);

const DAY_MONTH_YEAR = re(`${START}(\\d{1,2})\\.\\s?(\\d{1,2})\\.\\s?(20\\d\\d)${END}`); // 1.9.2024
const ISO_MONTH = re(`${START}(20\\d\\d)-(\\d{1,2})(?:-\\d{1,2})?${END}`); // 2024-09, 2024-09-01
const MONTH_SLASH_YEAR = re(`${START}(\\d{1,2})\\s*[/.-]\\s*(20\\d\\d)${END}`); // 4/2024, 04.2024
const YEAR = re(`${START}(20\\d\\d)${END}`);

const ORDINALS: Record<string, number> = {
  ensimmäinen: 1, toinen: 2, kolmas: 3, neljäs: 4,
  första: 1, andra: 2, tredje: 3, fjärde: 4,
  first: 1, second: 2, third: 3, fourth: 4,
};
const ORDINAL = Object.keys(ORDINALS).join('|');
const QUARTERS = [
  re(`${START}q\\s*([1-4])${END}`), // Q3 2024, 2024 Q3, Q3/2024
  re(`${START}20\\d\\d-?q([1-4])${END}`), // 2024-Q3
  re(`${START}([1-4])\\s*q${END}`), // 3Q 2024
  re(`${START}([1-4])\\.?\\s*(?:vuosi)?neljännek?s`), // 3. neljännes, 3. vuosineljännes
  re(`${START}([1-4])(?::?[ae])?\\s*kvartal`), // 3:e kvartalet
  re(`${START}kvartal\\p{L}*\\s*([1-4])${END}`), // kvartal 3
  re(`${START}([1-4])(?:st|nd|rd|th)?\\s+quarter`), // 3rd quarter
  re(`${START}(${ORDINAL})\\s+(?:vuosi)?(?:neljännes|kvartal|quarter)`), // kolmas neljännes, third quarter
];

// A season becomes the quarter that holds two of its three months: spring (Mar-May) Q2, summer
// (Jun-Aug) Q3, autumn (Sep-Nov) Q4, winter (Dec-Feb) Q1. The start or end of a year: Q1 or Q4.
const YEAR_AHEAD = '(?=\\s+(?:of\\s+|in\\s+)?20\\d\\d)';
const SEASONS: [RegExp, number][] = [
  [re(`${START}(?:kevä\\p{L}*|vår(?:en)?${END}|spring)`), 2],
  [re(`${START}(?:kesä(?!kuu)\\p{L}*|sommar(?:en)?${END}|summer)`), 3],
  [re(`${START}(?:syksy\\p{L}*|höst(?:en)?${END}|autumn|fall${YEAR_AHEAD})`), 4], // not "i alla fall"
  [re(`${START}(?:talv\\p{L}*|vinter(?:n)?${END}|winter)`), 1],
  [re(`${START}(?:alkuvuo\\p{L}*|vuoden\\s+(?:20\\d\\d\\s+)?alu(?:ssa|sta)|början\\s+av\\s+(?:året|20\\d\\d)|(?:early|beginning\\s+of|start\\s+of)${YEAR_AHEAD})`), 1],
  [re(`${START}(?:loppuvuo\\p{L}*|vuoden\\s+(?:20\\d\\d\\s+)?lopu(?:ssa|lla)|slutet\\s+av\\s+(?:året|20\\d\\d)|(?:late|end\\s+of)${YEAR_AHEAD})`), 4],
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The year a month (1-12) without a year most likely means: the next such month on or after the day
 * the answer was given. Without that day there is no honest reading.
 */
function impliedYear(text: string, lastMonth: number, answeredAt: string | undefined): number | undefined {
  const stated = YEAR.exec(text);
  if (stated) return Number(stated[1]);
  if (!answeredAt) return undefined;
  const answered = new Date(answeredAt);
  if (Number.isNaN(answered.getTime())) return undefined;
  return answered.getUTCFullYear() + (lastMonth < answered.getUTCMonth() + 1 ? 1 : 0);
}

function firstRoundWanted(text: string): 'yes' | 'no' | undefined {
  for (const pattern of FIRST_ROUND) {
    const match = pattern.exec(text);
    if (match) return NEGATION_BEFORE.test(text.slice(0, match.index)) ? 'no' : 'yes';
  }
  return undefined;
}

function numericMonth(text: string): string | undefined {
  const dmy = DAY_MONTH_YEAR.exec(text);
  const candidates: [number, number][] = [];
  if (dmy) candidates.push([Number(dmy[3]), Number(dmy[2])]);
  const iso = ISO_MONTH.exec(text);
  if (iso) candidates.push([Number(iso[1]), Number(iso[2])]);
  const slash = dmy ? null : MONTH_SLASH_YEAR.exec(text);
  if (slash) candidates.push([Number(slash[2]), Number(slash[1])]);
  const valid = candidates.find(([, month]) => month >= 1 && month <= 12);
  return valid && `${valid[0]}-${pad(valid[1])}`;
}

function namedMonth(text: string, answeredAt: string | undefined): string | undefined {
  const named = MONTH_NAMES.map(([pattern, month]) => ({ month, at: pattern.exec(text)?.index ?? -1 }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (!named) return undefined;
  const year = impliedYear(text, named.month, answeredAt);
  return year === undefined ? undefined : `${year}-${pad(named.month)}`;
}

function quarterOf(text: string, answeredAt: string | undefined): string | undefined {
  let quarter: number | undefined;
  for (const pattern of QUARTERS) {
    const match = pattern.exec(text);
    if (match) {
      quarter = ORDINALS[match[1]] ?? Number(match[1]);
      break;
    }
  }
  quarter ??= SEASONS.find(([pattern]) => pattern.test(text))?.[1];
  if (quarter === undefined) return undefined;
  const year = impliedYear(text, quarter * 3, answeredAt);
  return year === undefined ? undefined : `${year}-Q${quarter}`;
}

/**
 * Reads a desired schedule such as "ensimmäinen kierros", "huhtikuu 2024", "4/2024", "Q3 2024",
 * "hösten 2024" or "later". `answeredAt` (when the survey was answered) supplies the year of answers
 * that name only a month or season ("huhtikuussa").
 */
export function structureDesiredSchedule(text: string | null | undefined, answeredAt?: string): StructuredSchedule {
  const original = text ?? '';
  const t = original.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (t === '') return { kind: 'UNSPECIFIED', text: original };

  const firstRound = firstRoundWanted(t);
  if (firstRound === 'yes') return { kind: 'FIRST_ROUND', text: original };
  const month = numericMonth(t) ?? namedMonth(t, answeredAt);
  if (month) return { kind: 'MONTH', month, text: original };
  const quarter = quarterOf(t, answeredAt);
  if (quarter) return { kind: 'QUARTER', quarter, text: original };
  if (firstRound === 'no' || LATER.test(t)) return { kind: 'LATER', text: original };
  return { kind: 'UNSPECIFIED', text: original };
}
