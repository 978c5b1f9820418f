import { freshFor, mapWithLimit } from '../../src/overview/fresh';
import { renderOverviewPage } from '../../src/overview/page/page';
import { computeStats } from '../../src/overview/stats';
import { summariseSurvey } from '../../src/overview/survey';
import { inputs, member, onboardingState } from './support/fixture';

const at = new Date('2024-05-02T10:00:00Z');

describe('the staff page (HTML)', () => {
  const hostile = '<script>alert("x")</script> & co';
  const withHostileNames = {
    ...inputs,
    consortia: inputs.consortia.map((c) => (c.id === 'outi' ? { ...c, name: hostile } : c)),
  };
  const outcomes = [
    { consortiumId: 'outi', state: onboardingState('outi', 'SURVEY', [member('000', { intendsToJoin: true, desiredSchedule: `<img src=x onerror=alert(1)>` }), member('564')]) },
    { consortiumId: 'helmet', state: onboardingState('helmet', 'LIVE', [member('091')]) },
    { consortiumId: 'future', error: '<b>boom</b>' },
  ];
  const render = (language: 'fi' | 'sv' | 'en') =>
    renderOverviewPage({
      language,
      stats: computeStats(withHostileNames, at),
      survey: summariseSurvey(withHostileNames, outcomes, at),
      map: '<svg></svg>',
    });

  it('renders the headline, the tables and the survey on the server, in the chosen language', () => {
    const fi = render('fi');
    expect(fi).toContain('<html lang="fi">');
    expect(fi).toContain('data-joined-municipalities="2" data-population-share="61.6"');
    expect(fi).toContain('2 kuntaa, 61,6 % suomalaisista');
    expect(render('sv')).toContain('2 kommuner, 61,6 % av finländarna');
    expect(render('en')).toContain('2 municipalities, 61.6 % of Finns');
    expect(fi).toContain('<a href="?lang=sv" hreflang="sv" lang="sv">svenska</a>');
    expect(fi).toContain('aria-current="page">suomi</a>');
  });

  it('escapes every text that comes from data: consortium names, answers and errors', () => {
    const html = render('en');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>boom');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
    // The only script is the page's own polling script.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("polls the same origin, with the page's credentials", () => {
    const html = render('sv');
    expect(html).toContain("location.pathname.replace(/\\/?$/,'/refresh')+'?lang=sv'");
    expect(html).toContain("credentials:'same-origin'");
  });
});

describe('freshFor and mapWithLimit', () => {
  it('shares one load between callers for a while and forgets a failure', async () => {
    let now = 0;
    let loads = 0;
    const read = freshFor(1000, async () => ++loads, () => now);
    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    now = 999;
    expect(await read()).toBe(1);
    now = 1000;
    expect(await read()).toBe(2);
    let fail = true;
    const flaky = freshFor(1000, async () => (fail ? Promise.reject(new Error('down')) : 'up'), () => now);
    await expect(flaky()).rejects.toThrow('down');
    fail = false;
    expect(await flaky()).toBe('up');
  });

  it('keeps at most `limit` calls in flight and the results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return ms * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });
});
