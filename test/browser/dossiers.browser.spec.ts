/**
 * Issue 10 UI: anybody holding a dossier code (the QR code of a receipt) reaches the public
 * lookup page without logging in (the masked public view itself: dossiers-api.spec.ts).
 * Real product (npm start's stack), real browser. (The officers' dossier pages: dossier.browser.spec.ts.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';
import { openBrowser } from './browser-session.util';

const artifacts = join(repoRoot, 'test-artifacts');

describe('public dossier lookup in a real browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-dossiers', basePort: 3200, databaseUrl: await freshDatabase('browser_dossiers') });
    ({ browser } = await openBrowser({ locale: 'vi-VN' }));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens the public lookup page from the QR code URL without logging in', async () => {
    const anonymous = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    try {
      // typed in the form (no login): an unknown code gets a clear Vietnamese message
      await anonymous.goto(`${stack.url}/#/tra-cuu`);
      await anonymous.getByRole('heading', { name: 'Tra cứu hồ sơ' }).waitFor();
      await anonymous.getByLabel('Mã hồ sơ').fill('STP.MOTCUA-261202-9998');
      await anonymous.getByRole('button', { name: 'Tra cứu' }).click();
      await anonymous.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ.' }).waitFor();
      // what a phone opens from the QR code: the API route, redirected to the web page for a browser
      await anonymous.goto(`${stack.url}/api/v1/public/dossiers/STP.MOTCUA-261202-9999`);
      await anonymous.getByRole('heading', { name: 'Tra cứu hồ sơ' }).waitFor();
      expect(anonymous.url()).toContain('#/tra-cuu/STP.MOTCUA-261202-9999');
      await anonymous.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ.' }).waitFor();
      await anonymous.screenshot({ path: join(artifacts, 'browser-dossiers-03-public-lookup.png'), fullPage: true });
    } finally {
      await anonymous.close();
    }
  });
});
