/**
 * What every browser spec does before its first step: a headless Chromium with one
 * desktop-sized page, and (for most) a demo user logged in through the real login form.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export interface BrowserSession {
  browser: Browser;
  page: Page;
}

/**
 * Headless Chromium (CHROMIUM_PATH, else the Debian package) with one 1366×900 page.
 * `locale` sets the page's language preference (the browser default otherwise).
 */
export async function openBrowser(options: { locale?: string } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, ...options });
    page.setDefaultTimeout(60_000); // a loaded CI machine (2 cores, several stacks) is slow, not wrong
    return { browser, page };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** Opens the web app at `url` and logs in as a demo user through the Vietnamese login form. */
export async function logIn(page: Page, url: string, username: string, password = 'Demo@123'): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
