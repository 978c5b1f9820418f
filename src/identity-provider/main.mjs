// A local OpenID provider for development and tests: panva's certified `oidc-provider` (ESM-only, so
// it runs as a process of its own, started by `npm start` and by the browser tests), with a login
// page of its own, development users for each staff role, PKCE required and RP-initiated logout.
// Never for production: the users and their passwords are printed at start.
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.IDP_PORT ?? 4030);
const issuer = env.IDP_ISSUER ?? `http://127.0.0.1:${port}`;
const rolesClaim = env.IDP_ROLES_CLAIM ?? 'roles';
const clientId = env.IDP_CLIENT_ID ?? 'ekirjasto-console';
const clientSecret = env.IDP_CLIENT_SECRET ?? 'development-console-secret';
const redirectUris = (env.IDP_REDIRECT_URIS ?? 'http://127.0.0.1:3000/auth/callback').split(',');
const postLogoutRedirectUris = (env.IDP_POST_LOGOUT_REDIRECT_URIS ?? 'http://127.0.0.1:3000/auth/signed-out').split(',');

/** The development users: one per staff role. */
export const USERS = [
  { username: 'staff', password: 'staff-dev-password', sub: 'dev-staff', name: 'Maija Meikäläinen', email: 'maija.meikalainen@example.fi', roles: ['staff'] },
  { username: 'operator', password: 'operator-dev-password', sub: 'dev-operator', name: 'Olli Operaattori', email: 'olli.operaattori@example.fi', roles: ['operator'] },
  { username: 'admin', password: 'admin-dev-password', sub: 'dev-admin', name: 'Aino Ylläpitäjä', email: 'aino.yllapitaja@example.fi', roles: ['admin'] },
];

function sameText(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const STYLE = `body{font-family:system-ui,sans-serif;background:#eef1f5;margin:0;display:grid;place-items:center;min-height:100vh;color:#1d2433}
main{background:#fff;border-radius:10px;box-shadow:0 1px 4px #0003;padding:2rem;max-width:26rem;width:90%}
h1{font-size:1.3rem;margin-top:0} label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #6b7280;border-radius:4px}
button{margin-top:1.2rem;background:#0b5a91;color:#fff;border:0;border-radius:6px;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.problem{color:#a4161a;font-weight:600} small{color:#4b5563}`;

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid, problem, username = '') {
  return page('Sign in – local identity provider', `<h1>Local identity provider</h1>
<p>Development sign-in for E-kirjasto staff. Not for production.</p>
${problem ? `<p class="problem" role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required value="${escape(username)}" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p><small>Users: ${USERS.map((u) => `${escape(u.username)} / ${escape(u.password)}`).join(', ')}</small></p>`);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(6).toString('hex'), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      client_name: 'E-kirjasto joining console',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'roles'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email'], roles: [rolesClaim] },
  // The relying party reads the roles from the ID token: no userinfo round trip.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const user = USERS.find((u) => u.sub === id);
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: user.sub, name: user.name, email: user.email, [rolesClaim]: user.roles }) };
  },
  // First-party console: no consent screen, the scopes asked for are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email roles');
    await grant.save();
    return grant;
  },
  ttl: { Session: 8 * 3600, Interaction: 3600, Grant: 8 * 3600, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
});

async function logoutSource(ctx, form) {
  ctx.body = page('Sign out – local identity provider', `<h1>Sign out?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Signed out – local identity provider', '<h1>You have signed out.</h1>');
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
      if (raw.length > 8192) req.destroy();
    });
    req.on('end', () => resolve(new URLSearchParams(raw)));
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (match[1] !== details.uid) return sendHtml(res, 400, page('Sign-in expired', '<h1>This sign-in has expired.</h1><p>Start again from the console.</p>'));
    if (req.method === 'GET') return sendHtml(res, 200, loginPage(details.uid));
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const user = USERS.find((u) => u.username === form.get('username'));
      if (!user || !sameText(user.password, form.get('password') ?? '')) {
        return sendHtml(res, 401, loginPage(details.uid, 'Wrong username or password.', form.get('username') ?? ''));
      }
      return await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405, { allow: 'GET, POST' }).end();
  } catch (err) {
    sendHtml(res, 400, page('Sign-in expired', `<h1>This sign-in cannot continue.</h1><p>${escape(err.message)}. Start again from the console.</p>`));
  }
});

server.listen(port, env.IDP_HOST ?? '127.0.0.1', () => {
  const lines = [
    `Local identity provider at ${issuer} (development only)`,
    ...USERS.map((u) => `  user ${u.username.padEnd(8)} password ${u.password.padEnd(22)} roles ${u.roles.join(',')}`),
  ];
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
  process.stdout.write(`${JSON.stringify({ event: 'listening', issuer })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
