import type { Request } from 'express';
import { LANGUAGES, type Language } from '../overview/i18n';

/** ?lang= first, then the browser's preference, then Finnish. */
export function languageOf(request: Request): Language {
  const asked = request.query?.lang;
  if (typeof asked === 'string' && (LANGUAGES as readonly string[]).includes(asked)) return asked as Language;
  const accepted = String(request.headers['accept-language'] ?? '').toLowerCase();
  const first = accepted.split(',').map((part) => part.trim().slice(0, 2)).find((code) => (LANGUAGES as readonly string[]).includes(code));
  return (first as Language | undefined) ?? 'fi';
}
