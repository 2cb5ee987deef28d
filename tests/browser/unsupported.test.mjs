// A browser without WebGL gets a clear message in the page (Vietnamese first), not a blank canvas.
import {launch, startServer, check, run, screenshot} from './lib.mjs';

run('unsupported', async () => {
  const server = await startServer();
  const browser = await launch(['--disable-webgl', '--disable-3d-apis']);
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('#cds-message:not([hidden])', {timeout: 15000});
    const text = await page.textContent('#cds-message');
    check(/WebGL/.test(text) && /trình duyệt/i.test(text), `message names WebGL in Vietnamese: "${text.slice(0, 80)}…"`);
    check(/browser/i.test(text), 'English text follows');
    const canvasHidden = await page.evaluate(() => getComputedStyle(document.getElementById('canvas')).display === 'none');
    check(canvasHidden, 'the empty canvas is hidden');
    await screenshot(page, 'unsupported-no-webgl.png');
  } finally {
    await browser.close();
    await server.close();
  }
});
