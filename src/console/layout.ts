// The console's page frame: language, skip link, header with navigation and sign-out, one <main>.
// Plain HTML and CSS, no script: every page works without JavaScript.
import type { Principal } from '../auth/roles';
import { CSRF_FIELD } from '../auth/csrf';
import { escapeMarkup as esc } from '../overview/escape';
import { LABELS, LANGUAGES, type Language } from '../overview/i18n';
import { CONSOLE_LABELS } from './i18n';

export { esc };

const STYLE = `
:root{--ink:#1d2433;--muted:#4b5563;--accent:#0b5a91;--bad:#a4161a;--good:#1b5e20;--line:#d1d5db}
body{font-family:system-ui,sans-serif;margin:0;color:var(--ink);background:#f4f5f7;line-height:1.45}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header{background:#12355b;color:#fff;padding:.6rem 1.2rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header a{color:#fff} header nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0;flex-wrap:wrap}
header form{display:inline} header .who{margin-right:.5rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.6rem} h2{font-size:1.25rem;margin-top:2rem} h3,form.action h2{font-size:1.05rem;margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0} caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
a{color:var(--accent)} a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}
form.action{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem}
label{display:block;margin-top:.6rem;font-weight:600} input,select,textarea{font:inherit;padding:.35rem;border:1px solid #6b7280;border-radius:4px;max-width:100%}
input[type=text],input[type=email],textarea,select{width:100%;box-sizing:border-box}
fieldset{border:0;padding:0;margin:.6rem 0 0} legend{font-weight:600} fieldset label{display:inline;font-weight:400;margin-right:1rem}
button{margin-top:.8rem;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:.5rem 1.1rem;font:inherit;cursor:pointer}
header button{margin:0;background:#fff;color:#12355b}
.refusal{color:var(--bad);font-weight:600;border-left:4px solid var(--bad);padding-left:.6rem}
.notice{color:var(--good);font-weight:600;border-left:4px solid var(--good);padding-left:.6rem}
.muted{color:var(--muted)} code{word-break:break-all}
`;

function languageLinks(lang: Language, path: string): string {
  const url = new URL(path, 'http://x');
  return LANGUAGES.map((l) => {
    url.searchParams.set('lang', l);
    const current = l === lang ? ' aria-current="true"' : '';
    return `<li><a href="${esc(url.pathname + url.search)}" lang="${l}"${current}>${esc(LABELS[l].languageName)}</a></li>`;
  }).join('');
}

export function csrfField(principal: Principal | undefined): string {
  return principal?.session ? `<input type="hidden" name="${CSRF_FIELD}" value="${esc(principal.session.csrfToken)}">` : '';
}

/** A whole page. `path` is the current path (for the language links). */
export function page(opts: { lang: Language; title: string; body: string; path: string; principal?: Principal; status?: string; staffNavigation?: boolean }): string {
  const t = CONSOLE_LABELS[opts.lang];
  const q = `?lang=${opts.lang}`;
  const who = opts.principal
    ? `<span class="who">${esc(t.signedInAs)}: ${esc(opts.principal.name ?? opts.principal.subject)}</span>` +
      (opts.principal.session ? `<form method="post" action="/auth/sign-out">${csrfField(opts.principal)}<button type="submit">${esc(t.signOut)}</button></form>` : '')
    : '';
  return `<!doctype html>
<html lang="${opts.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} – ${esc(t.title)}</title><style>${STYLE}</style></head>
<body>
<a class="skip" href="#main">${esc(t.skip)}</a>
<header>
${opts.staffNavigation === false ? `<span>${esc(t.survey.title(''))}</span>` : `<nav aria-label="${esc(t.title)}"><ul>
<li><a href="/console${q}">${esc(t.nav.consortia)}</a></li>
<li><a href="/console/joining-rounds${q}">${esc(t.nav.rounds)}</a></li>
<li><a href="/overview${q}">${esc(t.nav.overview)}</a></li>
</ul></nav>`}
<nav aria-label="${esc(t.nav.language)}"><ul>${languageLinks(opts.lang, opts.path)}</ul></nav>
<div>${who}</div>
</header>
<main id="main" tabindex="-1">
${opts.status ?? ''}
${opts.body}
</main>
</body></html>`;
}

/** A short page with a heading and a message (sign-in problems, refusals, signed out). */
export function messagePage(lang: Language, title: string, message: string, link?: { href: string; text: string }, principal?: Principal): string {
  const body = `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p>${link ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : ''}`;
  return page({ lang, title, body, path: '/console', principal });
}
