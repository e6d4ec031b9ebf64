import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@tthc/api-app/src/identity/demo-seed';
import { baselineHtml, findDesignerHandle } from './in-page';

const bpmnDist = join(__dirname, '../../node_modules/bpmn-js/dist');
const PORT = 3800;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.eot': 'application/vnd.ms-fontobject', '.ttf': 'font/ttf' };

export interface Box { width: number; height: number }

/** the baseline page and bpmn-js's own dist: a few lines of static serving by path */
export function serveBaseline(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/baseline.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(baselineHtml);
      return;
    }
    const file = path.startsWith('/bpmn-js/') ? join(bpmnDist, normalize(path.slice(9))) : '';
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', () => resolve(server)));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** our designer as an analyst opens it: the real login form, then the designer route */
export async function openOurs(browser: Browser, apiUrl: string): Promise<{ page: Page; canvas: Box }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.setDefaultTimeout(120_000);
  await page.goto(`${apiUrl}/`);
  await page.getByLabel('Tên đăng nhập').fill('analyst');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
  await page.goto(`${apiUrl}/#/designer`);
  await page.locator('.modeler-canvas .djs-element').first().waitFor();
  if (!(await page.evaluate(findDesignerHandle))) throw new Error('designer ModelerHandle not found');
  const canvas = (await page.locator('.modeler-canvas').boundingBox())!;
  return { page, canvas: { width: Math.round(canvas.width), height: Math.round(canvas.height) } };
}

/** plain bpmn-js Modeler on a canvas of the given pixel size */
export async function openBaseline(browser: Browser, canvas: Box): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.setDefaultTimeout(120_000);
  await page.goto(`http://127.0.0.1:${PORT}/baseline.html?w=${canvas.width}&h=${canvas.height}`);
  await page.waitForFunction('!!window.__w7');
  return page;
}
