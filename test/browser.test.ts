/** The web UI in a real headless Chromium (Debian's chromium + playwright-core). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../src/server/serve.js';
import { ROOT, tempDir } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (apt-get install chromium); .ci/run installs it`;
if (skip) console.log(`skip: ${skip}`);
const OUT = join(ROOT, 'test', 'out');

let browser: Browser;
let base = '';
let close: () => Promise<void>;
let home = '';

before(async () => {
  if (skip) return;
  // A user-imported page whose text tries to inject markup: it must show as text.
  home = tempDir();
  process.env.OHOS_ERRORS_HOME = home;
  const { importPage } = await import('../src/build/import-page.js');
  const dir = tempDir();
  const page = join(dir, 'evil.html');
  // Entities decode to literal markup in the registry's text: exactly what the UI must escape.
  writeFileSync(
    page,
    '<h1 class="doc-title" title="Evil">Evil</h1><div class="tiledSection"><h2 device-type="phone">1990000666 &lt;script&gt;window.__xss=1&lt;/script&gt;Boom</h2>' +
      '<p><strong>错误信息</strong></p><p>&quot;&gt;&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;</p>' +
      '<p><strong>错误描述</strong></p><p>&lt;img src=x onerror=&quot;window.__xss=3&quot;&gt; <a href="javascript:window.__xss=4">click</a></p>' +
      '<p><strong>可能原因</strong></p><p>&lt;/code&gt;&lt;svg onload=window.__xss=5&gt;</p><p><strong>处理步骤</strong></p><ol><li>`&lt;b&gt;bold?&lt;/b&gt;` stays code.</li></ol></div>',
  );
  const r = await importPage(page, { kit: 'evil-kit', save: true });
  assert.equal(r.entries.length, 1);
  const s = await startServer({ port: 0, signals: false, webDir: join(ROOT, 'dist', 'web') });
  base = s.url;
  close = s.close;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await close?.();
  delete process.env.OHOS_ERRORS_HOME;
});

async function newPage(locale = 'en-US', width = 1100): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  page.on('dialog', () => assert.fail('a dialog opened'));
  // Nothing leaves the machine: any request not to our server fails the test.
  page.on('request', (r) => assert.ok(r.url().startsWith(base) || r.url().startsWith('data:'), `request to ${r.url()}`));
  return page;
}

test('search: a misspelled query offers "did you mean", and following it searches the corrected words', { skip }, async () => {
  const page = await newPage();
  await page.goto(base + '/?q=permision%20denid');
  const link = page.locator('a.did-you-mean');
  await link.waitFor();
  assert.equal(await link.textContent(), 'permission denied');
  await link.click();
  await page.waitForURL(/\?q=permission%20denied$/);
  assert.equal(await page.getByLabel(/Search codes, messages or symptoms/).inputValue(), 'permission denied');
  await page.locator('ul.results li a', { hasText: '201' }).first().waitFor();
  assert.equal(await page.locator('a.did-you-mean').count(), 0);
  await page.context().close();
});

test('search as you type, in Chinese and in English, then open a code page', { skip }, async () => {
  const page = await newPage();
  await page.goto(base + '/');
  const box = page.getByLabel(/Search codes, messages or symptoms/);
  await box.fill('密钥别名不存在');
  await page.locator('ul.results li a', { hasText: '12000011' }).first().waitFor();
  await box.fill('key alias not found');
  await page.waitForURL(/\?q=key%20alias%20not%20found$/);
  await page.locator('ul.results li a', { hasText: '12000011' }).first().waitFor();
  // Keyboard: arrow down into the results, Enter opens.
  await box.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
  assert.match(focused, /\d{3,}/);
  await page.locator('ul.results li a', { hasText: '12000011' }).first().click();
  await page.waitForURL(/\/codes\/12000011\?kit=universal-keystore-kit$/);
  await page.getByRole('heading', { name: /12000011/ }).waitFor();
  assert.ok(await page.getByText('The entity does not exist.').first().isVisible());
  await page.context().close();
});

test('language toggle, deep link with ?kit=, copy-link button, screenshot of the code page', { skip }, async () => {
  const page = await newPage('zh-CN');
  await page.goto(base + '/codes/401?kit=core-vision-kit');
  await page.getByRole('heading', { name: /401 参数错误/ }).waitFor();
  assert.equal(await page.locator('article.entry').count(), 1);
  assert.ok(await page.getByRole('heading', { name: '处理步骤' }).isVisible());
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('heading', { name: /^Solution/ }).waitFor();
  assert.ok(await page.locator('.fallback').first().isVisible(), 'Chinese-only text is marked');
  await page.getByRole('button', { name: /切换到中文/ }).click();
  await page.goto(base + '/codes/12000011');
  await page.getByRole('heading', { name: /12000011/ }).waitFor();
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'code-page.png'), fullPage: true });
  await page.getByRole('button', { name: '复制链接' }).first().click();
  await page.getByRole('button', { name: '已复制' }).first().waitFor();
  await page.context().close();
});

test('kit index and a phone-width page without horizontal scrolling', { skip }, async () => {
  const page = await newPage('en-US', 375);
  await page.goto(base + '/kits');
  await page.getByRole('link', { name: /Universal Keystore Kit/ }).click();
  await page.waitForURL(/\/kits\/universal-keystore-kit$/);
  await page.locator('ul.results li a', { hasText: '12000011' }).waitFor();
  await page.goto(base + '/codes/2501000');
  await page.getByRole('heading', { name: /2501000/ }).first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px at 375px`);
  await page.screenshot({ path: join(OUT, 'phone.png') });
  await page.context().close();
});

test('a code page lists the APIs that throw it; an API page lists its codes', { skip }, async () => {
  const page = await newPage('en-US');
  await page.goto(base + '/codes/14800014?kit=arkdata');
  const box = page.locator('section.thrown-by');
  await box.waitFor();
  assert.match(await box.locator('h3').innerText(), /Thrown by \((\d+)\)/);
  const before = await box.locator('li').count();
  await box.getByRole('button', { name: /Show all/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('section.thrown-by li').length > n, before);
  await box.getByRole('link', { name: 'relationalStore.RdbStore.insert', exact: true }).click();
  await page.waitForURL(/\/apis\/relationalStore\.RdbStore\.insert$/);
  await page.getByRole('heading', { name: 'relationalStore.RdbStore.insert' }).waitFor();
  assert.ok((await page.locator('ul.results li', { hasText: '14800014' }).count()) >= 1);
  await page.context().close();
});

test('paste a log → scan table; paste a message → matches', { skip }, async () => {
  const page = await newPage();
  await page.goto(base + '/paste');
  const area = page.getByLabel('Paste a log or an error message');
  await area.fill('04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: 12000011, message: The entity does not exist.\n04-19 17:02:15.000  5394  5394 I A03200/KeyStore: pid=401 took 201 ms\n');
  await page.getByRole('button', { name: 'Explain' }).click();
  await page.locator('#paste-result table').waitFor();
  const rows = await page.locator('#paste-result tbody tr').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /12000011/);
  await area.fill('BusinessError: Failed to run, please try again.');
  await page.getByRole('button', { name: 'Explain' }).click();
  await page.locator('#paste-result ul.results li').nth(3).waitFor();
  assert.equal(await page.locator('#paste-result ul.results li', { hasText: 'Core Vision Kit' }).count(), 4);
  await page.context().close();
});

test('hostile imported text is shown as text: no script runs, no element injected', { skip }, async () => {
  const page = await newPage('zh-CN');
  await page.goto(base + '/codes/1990000666');
  await page.getByRole('heading', { name: /1990000666/ }).waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
  assert.equal(await page.locator('main a[href^="javascript"]').count(), 0);
  assert.ok(await page.getByText('<script>window.__xss=1</script>Boom').isVisible());
  assert.ok(await page.getByText('"><img src=x onerror="window.__xss=2">').isVisible());
  assert.ok(await page.getByText('<img src=x onerror="window.__xss=3">', { exact: false }).isVisible());
  assert.equal(await page.locator('main svg').count(), 0);
  assert.equal(await page.locator('main b').count(), 0);
  await page.context().close();
});

test('first load of a code page transfers under 100 KB', { skip }, async () => {
  const page = await newPage();
  let bytes = 0;
  page.on('response', async (r) => {
    const len = Number((await r.allHeaders())['content-length'] ?? 0);
    bytes += len;
  });
  await page.setExtraHTTPHeaders({ 'accept-encoding': 'gzip, br' });
  await page.goto(base + '/codes/12000011');
  await page.getByRole('heading', { name: /12000011/ }).waitFor();
  console.log(`code page first load: ${(bytes / 1024).toFixed(1)} KB transferred`);
  assert.ok(bytes > 0 && bytes < 100 * 1024, `${bytes} bytes`);
  await page.context().close();
});
