/**
 * Runs axe-core (WCAG 2 A/AA rules) in the page and returns the serious and critical
 * violations. The bpmn-js canvas is third-party SVG and is left out.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  // evaluated through the DevTools protocol, not as a <script> tag: the app's CSP (script-src
  // 'self', no inline script) rightly refuses an injected inline script
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
    const result = await axe.run(
      { exclude: [['.djs-container']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] },
    );
    return (result.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')) }));
  });
}
