/**
 * Where the designer's time goes (not a benchmark: run it on a loaded machine, never in a quiet
 * window): imports the W7 grid into our designer and into plain bpmn-js, then moves shapes, and
 * prints per phase the browser's own split (script, style, layout — CDP Performance metrics) and
 * the JS functions with the most self time (CDP Profiler). Build the web app unminified for
 * readable names: `vite build --outDir /tmp/w7-prof-dist --minify false` (apps/web), then
 *
 *   SWCRC=true node -r @swc-node/register bench/w7/profile.ts --dist /tmp/w7-prof-dist [--size 2000]
 */
import type { CDPSession, Page } from 'playwright-core';
import { gridDiagram } from './grid-diagram';
import { measureImport, measureMove } from './in-page';
import { launchChromium, openBaseline, openOurs, serveBaseline } from './pages';
import { startProductApi } from './product-api';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** self time per function, top N */
function topSelf(profile: Profile, n = 25): string[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [`  total sampled ${total.toFixed(0)} ms`, ...[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${k}`)];
}

/** for the functions with the most self time: the call paths (3 callers up) that reach them */
function callers(profile: Profile, top = 4): string[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (id: number) => byId.get(id)!.callFrame.functionName || '(anonymous)';
  const self = new Map<string, number>();
  const paths = new Map<string, Map<string, number>>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const fn = name(id);
    if (fn.startsWith('(')) return;
    self.set(fn, (self.get(fn) ?? 0) + ms);
    const chain: string[] = [];
    for (let p = parent.get(id); p !== undefined && chain.length < Number(process.env.W7_CHAIN ?? 3); p = parent.get(p)) chain.push(name(p));
    const m = paths.get(fn) ?? paths.set(fn, new Map()).get(fn)!;
    m.set(chain.join(' < '), (m.get(chain.join(' < ')) ?? 0) + ms);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).flatMap(([fn, ms]) => [
    `  ${fn} (${ms.toFixed(0)} ms) called from:`,
    ...[...paths.get(fn)!.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([c, t]) => `      ${t.toFixed(0).padStart(5)} ms  < ${c}`),
  ]);
}

async function phase(page: Page, label: string, script: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const before = await metrics(cdp);
  await cdp.send('Profiler.start');
  const result = await page.evaluate(script);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const after = await metrics(cdp);
  const d = (k: string) => ((after[k] - before[k]) * 1000).toFixed(0);
  console.log(`\n== ${label}: ${JSON.stringify(result)}`);
  console.log(`  task ${d('TaskDuration')} ms = script ${d('ScriptDuration')} + style ${d('RecalcStyleDuration')} + layout ${d('LayoutDuration')} ms (+ other)`);
  console.log(topSelf(profile).join('\n'));
  console.log(callers(profile).join('\n'));
  await cdp.detach();
}

async function main() {
  const size = Number(arg('--size', '2000'));
  const { xml, movable } = gridDiagram(size);
  const server = await serveBaseline();
  const api = await startProductApi(arg('--dist', '/tmp/w7-prof-dist'));
  const browser = await launchChromium();
  try {
    const ours = await openOurs(browser, api.url);
    const base = await openBaseline(browser, ours.canvas);
    for (const [name, page] of [['baseline', base], ['ours', ours.page]] as const) {
      await phase(page, `${name} import ${size}`, measureImport(xml));
      if (name === 'ours') {
        // the live lint alone (what runs after an edit), and the export a worker-side lint would need
        const lint = `(async () => { const l = window.__w7.modeler.get('linting'), t0 = performance.now(); for (let i = 0; i < 3; i++) await l.lint(); return { lintMsEach: (performance.now() - t0) / 3 }; })()`;
        await phase(page, `ours lint ×3`, lint);
        const save = `(async () => { const t0 = performance.now(); await window.__w7.modeler.saveXML(); return { saveXmlMs: performance.now() - t0 }; })()`;
        await phase(page, `ours saveXML`, save);
      }
      if (!process.argv.includes('--import-only')) {
        for (let i = 0; i < 3; i++) await phase(page, `${name} move ${i + 1}`, measureMove(movable[i * 7], 30));
      }
    }
  } finally {
    await browser.close();
    server.close();
    await api.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
