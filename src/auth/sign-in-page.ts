import { escapeMarkup } from '../overview/escape';

/** A plain sign-in form for staff: paste the bearer token your organisation's sign-in gave you. */
export function signInPage(next: string, problem?: string): string {
  return `<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-kirjasto – kirjaudu / logga in / sign in</title>
<style>
 body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:grid;place-items:center;min-height:100vh;color:#1d2433}
 main{background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002;padding:2rem;max-width:34rem;width:90%}
 h1{font-size:1.3rem;margin-top:0} textarea{width:100%;min-height:7rem;font-family:monospace;font-size:.85rem}
 button{margin-top:1rem;background:#0b6fb8;color:#fff;border:0;border-radius:6px;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer}
 .problem{color:#a4161a;font-weight:600} p{line-height:1.45}
</style></head>
<body><main>
<h1>E-kirjasto – kuntien liittymistilanne</h1>
<p>Kirjaudu liittämällä henkilöstön tunnus (bearer token). · Logga in med personalens token. · Sign in with your staff bearer token.</p>
${problem ? `<p class="problem">${escapeMarkup(problem)}</p>` : ''}
<form method="post" action="/auth/session">
 <input type="hidden" name="next" value="${escapeMarkup(next)}">
 <label for="token">Token</label>
 <textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea>
 <button type="submit">Kirjaudu · Logga in · Sign in</button>
</form>
<p><small>Kehitysympäristössä / I utvecklingsmiljön / In development: <code>npm run --silent token -- staff</code></small></p>
</main></body></html>`;
}
