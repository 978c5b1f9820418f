// A staff member opens the overview in a browser: sent to sign in, signs in once with their token,
// and reads pages with the session cookie; the cookie never carries staff actions.
import request from 'supertest';
import { startTestStack, TestStack } from '../support/stack';

describe('staff sign-in for the browser', () => {
  let stack: TestStack;
  const anonymous = () => request(stack.app.getHttpServer());

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  function signIn(token: string) {
    return anonymous().post('/auth/session').type('form').send({ token, next: '/overview?lang=sv' });
  }

  it('sends a browser without a session to the sign-in page, and scripts get a 401 problem', async () => {
    const page = await anonymous().get('/overview?lang=en').set('accept', 'text/html,application/xhtml+xml').expect(303);
    expect(page.headers.location).toBe('/auth/sign-in?next=%2Foverview%3Flang%3Den');
    const form = await anonymous().get('/auth/sign-in?next=/overview').expect(200);
    expect(form.text).toContain('action="/auth/session"');
    await anonymous().get('/overview/stats').set('accept', 'application/json').expect(401);
  });

  it('turns a staff token into an HttpOnly, SameSite=Strict cookie that opens the pages', async () => {
    const res = await signIn(stack.tokens.staff).expect(303);
    expect(res.headers.location).toBe('/overview?lang=sv');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ekj_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const session = cookie.split(';')[0];
    const page = await anonymous().get('/overview?lang=sv').set('cookie', session).set('accept', 'text/html').expect(200);
    expect(page.text).toContain('<html lang="sv">');
    await anonymous().get('/overview/stats').set('cookie', session).expect(200);
    // Reading only: a state-changing request with the cookie alone is refused.
    await anonymous().post('/consortia/helmet/onboarding').set('cookie', session).expect(401);
  });

  it('refuses tokens that are not staff tokens, and forged ones, with the form again', async () => {
    const loginService = await signIn(stack.tokens['login-service']).expect(401);
    expect(loginService.text).toContain('not a staff, operator or admin token');
    expect(loginService.headers['set-cookie']).toBeUndefined();
    await signIn(`${stack.tokens.staff}x`).expect(401);
    await anonymous().get('/overview/stats').set('cookie', 'ekj_session=forged').expect(401);
  });

  it('never redirects anywhere but this site', async () => {
    const res = await anonymous().post('/auth/session').type('form').send({ token: stack.tokens.staff, next: '//evil.example/x' }).expect(303);
    expect(res.headers.location).toBe('/overview');
  });

  it('signs out', async () => {
    const res = await anonymous().delete('/auth/session').expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^ekj_session=; .*Max-Age=0/);
  });
});
