// A browser without WebGL, or without WebAssembly exceptions (Safari 15.0/15.1), or a single file
// opened where DecompressionStream is missing, gets a clear message in the page (Vietnamese first),
// not a blank canvas.
import path from 'node:path';
import url from 'node:url';
import {launch, startServer, check, run, screenshot, DIST} from './lib.mjs';

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
  }
  const plain = await launch();
  try {
    // No WebAssembly exception handling: the loader's one-instruction probe fails to validate.
    const page = await plain.newPage();
    await page.addInitScript(() => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes) => (bytes && bytes.length === 28 ? false : validate(bytes));
    });
    await page.goto(server.url);
    await page.waitForSelector('#cds-message:not([hidden])', {timeout: 15000});
    const text = await page.textContent('#cds-message');
    check(/quá cũ/.test(text) && /Safari 15\.2/.test(text) && /cập nhật iOS/.test(text), `no wasm exceptions: "${text.slice(0, 90)}…"`);
    check(await page.evaluate(() => !window.Module || !window.Module.calledRun), 'the app is not started');
    await page.close();
    // The single file where DecompressionStream is missing (Safari before 16.4).
    const single = await plain.newPage();
    await single.addInitScript(() => { delete window.DecompressionStream; });
    await single.goto(url.pathToFileURL(path.join(DIST, 'cds-offline.html')).href);
    await single.waitForSelector('#cds-message:not([hidden])', {timeout: 15000});
    const t2 = await single.textContent('#cds-message');
    check(/Bản một tệp cần trình duyệt mới hơn/.test(t2) && /trang web/.test(t2), `single file without DecompressionStream: "${t2.slice(0, 90)}…"`);
    await screenshot(single, 'unsupported-single-file-old-browser.png');
  } finally {
    await plain.close();
    await server.close();
  }
});
