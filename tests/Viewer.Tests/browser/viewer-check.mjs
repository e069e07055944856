// Drives the viewer in headless Chromium against a running service. Run by ViewerBrowserTests with:
// FOLIO_URL, PLAYWRIGHT_CORE (folder of the playwright-core package), CHROMIUM, SAMPLE (an image), PDF,
// BAD_FILE (HTML named .pdf), SCREENSHOTS (folder). Prints one line per check; exits 1 on the first failure.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const env = name => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const { chromium } = await import(pathToFileURL(join(env('PLAYWRIGHT_CORE'), 'index.mjs')).href);
const base = new URL(env('FOLIO_URL'));
const shots = env('SCREENSHOTS');

function check(condition, message) {
  if (!condition) throw new Error(`FAILED: ${message}`);
  console.log(`ok: ${message}`);
}

const browser = await chromium.launch({ executablePath: env('CHROMIUM'), args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const foreign = [];
  const keys = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.host !== base.host && !['blob:', 'data:'].includes(url.protocol)) foreign.push(request.url());
    if (url.pathname.startsWith('/v1/')) keys.push(request.headers()['x-api-key'] ?? '');
  });
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));

  await page.goto(new URL('/viewer', base).href);
  check(await page.title() === 'Folio viewer', '/viewer opens the viewer page');

  // The API key is kept for the tab and sent with every /v1 call (the service here has none configured).
  await page.fill('#api-key', 'k-123');
  await page.dispatchEvent('#api-key', 'change');
  check(await page.evaluate(() => sessionStorage.getItem('folio.apiKey')) === 'k-123', 'the API key is kept in sessionStorage');

  // A real scanned page: keep the service's /v1/ocr answer (passed through unchanged), wait for the overlay.
  let answered;
  const ocr = new Promise(resolve => { answered = resolve; });
  await page.route('**/v1/ocr*', async route => {
    const response = await route.fetch({ timeout: 120_000 });
    const body = await response.text();
    answered(JSON.parse(body));
    await route.fulfill({ response, body });
  });
  await page.setInputFiles('#file', env('SAMPLE'));
  const result = await ocr;
  await page.waitForSelector('#stage svg.overlay .line', { timeout: 120_000 });
  await page.waitForFunction(() => /page.* read/.test(document.getElementById('status').textContent));
  const jsonLines = result.blocks.reduce((n, b) => n + b.lines.length, 0);
  const drawnLines = await page.locator('#stage .line').count();
  check(jsonLines > 20 && drawnLines === jsonLines, `drawn lines (${drawnLines}) equal the JSON's line count (${jsonLines})`);
  check(await page.locator('#stage .block').count() === result.blocks.length, `one outline per block (${result.blocks.length})`);
  check(keys.length > 0 && keys.every(k => k === 'k-123'), `X-Api-Key sent on ${keys.length} /v1 call(s)`);

  const markdown = await page.locator('#markdown').innerText();
  for (const word of ['Logical vectors', 'sequence', 'TRUE']) check(markdown.includes(word), `the Markdown pane contains "${word}"`);
  check(await page.locator('#markdown h2, #markdown h3').count() > 0, 'headings are rendered as headings');

  // Hover a line of the largest block: the tooltip shows that line's text and confidence.
  const line = page.locator('#stage .line').nth(Math.floor(jsonLines / 2));
  const box = await line.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#tip:not([hidden])');
  const hovered = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.line')?.dataset.text, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  const tip = await page.locator('#tip').innerText();
  check(hovered && tip.startsWith(hovered) && /confidence 0\.\d{3}/.test(tip), `hovering a line shows its text and confidence ("${tip.split('\n')[0].slice(0, 40)}…")`);

  // Keyboard: focus the first block, arrow to the next; its Markdown is highlighted.
  await page.mouse.move(0, 0);
  await page.locator('#stage .block').first().focus();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => ({ order: document.activeElement?.dataset.order, label: document.activeElement?.getAttribute('aria-label') }));
  const selected = await page.locator('#markdown .md-block.selected').getAttribute('data-order');
  check(focused.order === String([...result.blocks].sort((a, b) => a.order - b.order)[1].order) && /^Block 2 of/.test(focused.label), `ArrowDown moves focus to block 2 (${focused.label?.slice(0, 40)}…)`);
  check(selected === focused.order, 'the focused block is highlighted in the Markdown pane');

  // Clicking a block highlights its text.
  const last = page.locator('#stage .block').last();
  await last.locator('.block-box').click({ position: { x: 3, y: 3 }, force: true });
  check(await page.locator('#markdown .md-block.selected').getAttribute('data-order') === await last.getAttribute('data-order'), 'clicking a block highlights its text');
  await page.locator('#stage .block').nth(1).focus();
  await page.screenshot({ path: join(shots, 'viewer-1280x800.png') });
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling at 1280×800');

  // Download JSON gives the pages as read.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const downloaded = JSON.parse(await (await download.createReadStream()).toArray().then(chunks => Buffer.concat(chunks).toString('utf8')));
  check(download.suggestedFilename() === 'scanned-page.json' && downloaded.pages.length === 1 && downloaded.pages[0].blocks.length === result.blocks.length, 'Download JSON saves the document');

  // The document JSON opens without its image: boxes on a blank page of the right size.
  const doc = { source: { name: 'scanned-page.jpg' }, pages: [result] };
  await page.setInputFiles('#file', { name: 'scanned-page.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => document.querySelector('#stage.blank') !== null);
  check(await page.locator('#stage img').count() === 0 && await page.locator('#stage .line').count() === jsonLines, 'a document JSON opens on a blank page with every line');

  // Phone width: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('svg'))
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`));
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no horizontal scrolling at 390 px${wide.length ? `: ${wide.slice(0, 5).join(', ')}` : ''}`);
  await page.screenshot({ path: join(shots, 'viewer-390x844.png'), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });

  // A PDF page range: one /v1/render and one /v1/ocr per page; the pager turns between them.
  await page.unroute('**/v1/ocr*');
  await page.fill('#pages', '2-3');
  await page.setInputFiles('#file', env('PDF'));
  await page.waitForFunction(() => /2 pages read/.test(document.getElementById('status').textContent), null, { timeout: 180_000 });
  const pdfImages = await page.locator('#stage img.page-image').count();
  const pdfLines = await page.locator('#stage .line').count();
  const natural = await page.evaluate(() => document.querySelector('#stage img.page-image').decode().then(() => document.querySelector('#stage img.page-image').naturalWidth));
  check(pdfImages === 1 && natural === 1275 && pdfLines > 0, `a PDF page is shown on its image rendered at 150 dpi (${natural} px wide) with its ${pdfLines} lines`);
  check((await page.locator('#page-label').innerText()).startsWith('page 2 (1 of 2)'), 'the range starts at page 2');
  await page.click('#next');
  await page.waitForFunction(() => document.getElementById('page-label').textContent.startsWith('page 3'));
  check(await page.locator('#stage .line').count() > 0, 'Next shows page 3 with its lines');

  // A bad file: the service's reason is shown, not a blank page.
  await page.setInputFiles('#file', env('BAD_FILE'));
  await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
  const error = await page.locator('#error').innerText();
  check(/not a PDF/.test(error), `a bad file shows the service's reason ("${error}")`);
  check(await page.locator('#stage').innerText() !== '', 'the page area says why it is empty');
  await page.screenshot({ path: join(shots, 'viewer-bad-file.png') });

  check(foreign.length === 0, `no requests to other hosts${foreign.length ? `: ${foreign.join(', ')}` : ''}`);
  check(pageErrors.length === 0, `no script errors${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
