// Staff sign-in for the browser with OpenID Connect against the local provider as its own process
// (no browser here: each hop is checked; test/console/console.browser.test.ts signs in in Chromium).
// Roles come from a configured claim (here "ekj_roles", not the default).
import { CookieClient, fieldValue, formAction, Hop } from '../console/support/cookie-client';
import { ConsoleStack, DEV_USERS, startConsoleStack } from '../console/support/identity-provider';

describe('staff sign-in with OpenID Connect', () => {
  let cs: ConsoleStack;
  const url = (path: string) => `${cs.apiBase}${path}`;

  beforeAll(async () => {
    cs = await startConsoleStack({}, 'ekj_roles');
  }, 120_000);
  afterAll(async () => {
    await cs?.stop();
  });

  /** Sign-in up to the provider's login page: the hops, and the page. */
  async function toLoginPage(browser: CookieClient, next = '/overview?lang=sv'): Promise<{ hops: Hop[]; page: Hop }> {
    const hops = await browser.follow(url(`/auth/sign-in?next=${encodeURIComponent(next)}`));
    return { hops, page: hops.at(-1)! };
  }

  async function signIn(browser: CookieClient, user = DEV_USERS.staff, next?: string): Promise<Hop[]> {
    const { page } = await toLoginPage(browser, next);
    return browser.follow(formAction(page.body, page.url), { form: { username: user.username, password: user.password } });
  }

  it('sends a browser without a session to sign in, and scripts get a 401 problem', async () => {
    const browser = new CookieClient();
    const page = await browser.request(url('/overview?lang=en'));
    expect(page.status).toBe(303);
    expect(page.location).toBe(url('/auth/sign-in?next=%2Foverview%3Flang%3Den'));
    const res = await fetch(url('/overview/stats'), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('goes to the provider with PKCE (S256), state and nonce, binding the attempt to the browser', async () => {
    const browser = new CookieClient();
    const { hops, page } = await toLoginPage(browser);
    const authorize = new URL(hops[0].location!);
    expect(authorize.origin).toBe(cs.idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(hops[0].setCookies.join('\n')).toMatch(/^ekj_sign_in=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/m);
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="password"');
  });

  it('the provider refuses an authorization request without PKCE', async () => {
    const res = await fetch(`${cs.idp.issuer}/auth?client_id=test-console&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(url('/auth/callback'))}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('error=invalid_request');
    expect(new URL(res.headers.get('location')!).searchParams.get('error_description')).toMatch(/requires PKCE/);
  });

  it('refuses a wrong password on the provider\'s own page, then signs in to a server-side session', async () => {
    const browser = new CookieClient();
    const { page } = await toLoginPage(browser);
    const wrong = await browser.request(formAction(page.body, page.url), { form: { username: 'staff', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong username or password.');
    const hops = await browser.follow(formAction(wrong.body, wrong.url), { form: { username: 'staff', password: DEV_USERS.staff.password } });
    const callback = hops.find((h) => h.url.startsWith(url('/auth/callback')))!;
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(url('/overview?lang=sv'));
    const sessionCookie = callback.setCookies.find((c) => c.startsWith('ekj_session='))!;
    // HttpOnly, SameSite; not Secure in a test over http (Secure in production and behind https).
    expect(sessionCookie).toMatch(/^ekj_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const overview = hops.at(-1)!;
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('<html lang="sv">');
    // The cookie is a random value; the database keeps only its hash.
    const rows = await cs.stack.db.prisma.staffSession.findMany({ where: { subject: DEV_USERS.staff.sub } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).not.toContain(browser.cookie(cs.apiBase, 'ekj_session'));
    expect(rows[0].roles).toEqual(['staff']);
    expect(rows[0].name).toBe(DEV_USERS.staff.name);
  });

  it('opens pages with the session, but never the JSON API\'s changes', async () => {
    const browser = new CookieClient();
    await signIn(browser);
    expect((await browser.request(url('/overview/stats'), { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await browser.request(url('/console'))).status).toBe(200);
    const change = await browser.request(url('/consortia/helmet/onboarding'), { method: 'POST', headers: { accept: 'application/json' } });
    expect(change.status).toBe(401);
  });

  it('shows operators the console to read, without its forms; their posts are refused', async () => {
    const browser = new CookieClient();
    const hops = await signIn(browser, DEV_USERS.operator, '/console/consortia/helmet?lang=en');
    const page = hops.at(-1)!;
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Helmet</h1>');
    expect(page.body).not.toContain('class="action"');
    const csrf = fieldValue(page.body, '_csrf')!;
    const refused = await browser.request(url('/console/consortia/helmet/start'), { form: { _csrf: csrf }, headers: { origin: cs.apiBase } });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('your role (operator) may not call it');
  });

  it('refuses a callback that this browser did not start, and a forged session', async () => {
    const victim = new CookieClient();
    const attacker = new CookieClient();
    const { page } = await toLoginPage(attacker);
    const hops = await attacker.request(formAction(page.body, page.url), { form: { username: 'staff', password: DEV_USERS.staff.password } });
    let hop = hops;
    while (hop.location && !hop.location.startsWith(url('/auth/callback'))) hop = await attacker.request(hop.location);
    // The attacker's callback URL (code and state) opened in another browser: no session.
    const forced = await victim.request(hop.location!);
    expect(forced.status).toBe(400);
    expect(forced.body).toContain('not started in this browser');
    expect(forced.setCookies.join()).not.toContain('ekj_session=');
    const forged = await fetch(url('/overview/stats'), { headers: { cookie: 'ekj_session=forged', accept: 'application/json' } });
    expect(forged.status).toBe(401);
  });

  it('never redirects anywhere but this site after sign-in', async () => {
    const hops = await signIn(new CookieClient(), DEV_USERS.staff, '//evil.example/x');
    expect(hops.find((h) => h.url.startsWith(url('/auth/callback')))!.location).toBe(url('/console'));
  });

  it('signs out at the provider too (RP-initiated), with the form\'s CSRF token only', async () => {
    const browser = new CookieClient();
    const hops = await signIn(browser, DEV_USERS.admin, '/console?lang=en');
    const consolePage = hops.at(-1)!;
    expect(consolePage.body).toContain(DEV_USERS.admin.name);
    const csrf = fieldValue(consolePage.body, '_csrf')!;
    const refused = await browser.request(url('/auth/sign-out'), { form: {}, headers: { origin: cs.apiBase } });
    expect(refused.status).toBe(403);
    expect(refused.setCookies).toEqual([]);
    expect(refused.body).toMatch(/^<!doctype html>/);
    expect(refused.body).toContain('security token');
    const out = await browser.request(url('/auth/sign-out'), { form: { _csrf: csrf }, headers: { origin: cs.apiBase } });
    expect(out.status).toBe(303);
    const endSession = new URL(out.location!);
    expect(endSession.origin).toBe(cs.idp.issuer);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(url('/auth/signed-out'));
    expect(out.setCookies.join()).toMatch(/ekj_session=; .*Max-Age=0/);
    expect(await cs.stack.db.prisma.staffSession.count({ where: { subject: DEV_USERS.admin.sub } })).toBe(0);
  });
});
