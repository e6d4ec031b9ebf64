/**
 * Code run inside the page (passed to page.evaluate as a string so the bench's
 * TypeScript transpiler does not rewrite it). `window.__w7` is the target:
 * `{ modeler, importXml(xml) }` — for the baseline page its own bpmn-js Modeler, for our
 * designer the page's own ModelerHandle (importXML + fit-viewport) found through React.
 */
export const findDesignerHandle = `(() => {
  const host = document.querySelector('.modeler-canvas');
  if (!host) return false;
  const key = Object.keys(host).find((k) => k.startsWith('__reactFiber$'));
  // walk up from the canvas to DesignerPage, whose useRef holds the ModelerHandle
  for (let f = host[key]; f; f = f.return) {
    for (let h = f.memoizedState; h && typeof h === 'object' && 'next' in h; h = h.next) {
      const c = h.memoizedState && h.memoizedState.current;
      if (c && typeof c.importXml === 'function' && typeof c.modeler === 'function' && c.modeler()) {
        window.__w7 = { modeler: c.modeler(), importXml: (xml) => c.importXml(xml) };
        return true;
      }
    }
  }
  return false;
})()`;

/**
 * Resolves once the next frame has been rendered: a requestAnimationFrame callback runs BEFORE
 * the frame's style, layout and paint, so a task posted from it (MessageChannel, not clamped
 * like setTimeout) runs after them — the change is on screen.
 */
const PAINTED = `() => new Promise((r) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r();
    ch.port2.postMessage(0);
  }))`;

/**
 * import-to-paint: importXml resolved (incl. fit-viewport) + the first frame rendered; then (if
 * linting) lint done + the next frame rendered. The frame is awaited from `import.done` at a
 * priority above every listener of the page, so the bench's post-frame task is queued before
 * the task the designer's lint is started in (lint-debounce.ts: the frame, then a task) —
 * otherwise "paint" would include the lint.
 */
export const measureImport = (xml: string) => `(async () => {
  const t = window.__w7, bus = t.modeler.get('eventBus');
  const painted = ${PAINTED};
  const linting = (() => { try { return !!t.modeler.get('linting'); } catch { return false; } })();
  const lintDone = linting ? new Promise((r) => bus.once('linting.completed', () => r())) : null;
  const shown = new Promise((r) => bus.once('import.done', 10000, () => { painted().then(r); }));
  const t0 = performance.now();
  await t.importXml(${JSON.stringify(xml)});
  await shown;
  const paintMs = performance.now() - t0;
  let withLintMs = null, issues = null;
  if (lintDone) {
    await lintDone;
    await painted();
    withLintMs = performance.now() - t0;
    issues = Object.values(t.modeler.get('linting')._issues || {}).reduce((n, l) => n + l.length, 0);
  }
  return { paintMs, withLintMs, issues, elements: t.modeler.get('elementRegistry').getAll().length - 1 };
})()`;

/** how long after a change the main thread is watched for work it set off (the debounced lint: 250 ms + the lint) */
export const WATCH_AFTER_CHANGE_MS = 1200;

/**
 * One change (`change`: code using `m`, the modeler, and `el`, the element) → the next frame
 * rendered (`frameMs`); then, for WATCH_AFTER_CHANGE_MS, the long tasks (> 50 ms, the Long Tasks
 * API) that ran after that frame: work the change set off that would make the next drag or click
 * stutter (`longestTaskAfterMs`, `blockedAfterMs` their sum); `lintDoneMs` when a lint completed
 * within the window (null: no lint ran, or no linting on the page).
 */
const measureChange = (id: string, change: string) => `(async () => {
  const t = window.__w7, m = t.modeler, bus = m.get('eventBus');
  const painted = ${PAINTED};
  let lintDoneAt = null;
  const onLint = () => { lintDoneAt = lintDoneAt ?? performance.now(); };
  bus.on('linting.completed', onLint);
  const long = [];
  const observer = new PerformanceObserver((list) => long.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  const el = m.get('elementRegistry').get(${JSON.stringify(id)});
  const t0 = performance.now();
  ${change}
  await painted();
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, ${WATCH_AFTER_CHANGE_MS}));
  await painted();
  long.push(...observer.takeRecords());
  observer.disconnect();
  bus.off('linting.completed', onLint);
  const after = long.filter((e) => e.startTime >= t1);
  return {
    frameMs: t1 - t0,
    longestTaskAfterMs: after.reduce((x, e) => Math.max(x, e.duration), 0),
    blockedAfterMs: after.reduce((n, e) => n + e.duration, 0),
    lintDoneMs: lintDoneAt === null ? null : lintDoneAt - t0,
  };
})()`;

/** moving one shape (modeling.moveShape): a layout change */
export const measureMove = (id: string, dy: number) => measureChange(id, `m.get('modeling').moveShape(el, { x: 0, y: ${dy} });`);

/** renaming one task (modeling.updateProperties): a model change, which the live lint must check */
export const measureEdit = (id: string, name: string) => measureChange(id, `m.get('modeling').updateProperties(el, { name: ${JSON.stringify(name)} });`);

export const baselineHtml = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/bpmn-js/assets/diagram-js.css">
<link rel="stylesheet" href="/bpmn-js/assets/bpmn-js.css">
<link rel="stylesheet" href="/bpmn-js/assets/bpmn-font/css/bpmn-embedded.css">
<style>html,body{height:100%;margin:0}</style></head>
<body><div id="canvas"></div>
<script src="/bpmn-js/bpmn-modeler.production.min.js"></script>
<script>
  // the canvas gets the pixel size of our designer's canvas (?w=&h=), so both draw the same area
  const q = new URLSearchParams(location.search), box = document.getElementById('canvas');
  box.style.width = q.has('w') ? q.get('w') + 'px' : '100%';
  box.style.height = q.has('h') ? q.get('h') + 'px' : '100%';
  const modeler = new BpmnJS({ container: '#canvas' });
  window.__w7 = { modeler, importXml: async (xml) => { await modeler.importXML(xml); modeler.get('canvas').zoom('fit-viewport', 'auto'); } };
</script></body></html>`;
