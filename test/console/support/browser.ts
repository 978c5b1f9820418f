// Chromium (Debian's, through playwright-core) and axe-core for the console's browser tests.
import { existsSync, readFileSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  // Fail, never skip: CI must have the browser.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\`.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.1 A and AA rules on the page as it is now; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<{ url: string; id: string; help: string; targets: string[] }[]> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })`)) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ url: page.url(), id: v.id, help: v.help, targets: v.nodes.flatMap((n) => n.target) }));
}
