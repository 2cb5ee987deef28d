// One small driver adapter per browser engine, all giving the page the same shape as a Playwright
// page (evaluate, mouse, keyboard, waitForTimeout, viewportSize, reload, goto, screenshot), so the
// helpers of ../lib.mjs (clickRaw, typeInto, scrollTo, waitState…) drive every engine alike:
//   chromium  Debian's Chromium through playwright-core (headless, SwiftShader WebGL 1)
//   firefox   Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, on an X server (Xvfb)
//             with Mesa's software GL (headless Firefox has no WebGL on a machine without a GPU)
//   webkit    Debian's WebKitGTK (MiniBrowser --automation) through WebKitWebDriver and
//             selenium-webdriver, on the same X server; the engine family of Safari on iOS
// Every engine starts with a fresh, throw-away profile. Chromium prefers Vietnamese (vi-VN); Firefox
// and WebKit prefer English (en-US), as a browser set up in English would: the app must still start
// in Vietnamese.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import {spawn} from 'node:child_process';
import {CHROMIUM_FLAGS} from '../lib.mjs';

export const FIREFOX = process.env.CDS_FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.CDS_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'];
export function miniBrowser() {
  if (process.env.CDS_MINIBROWSER) return process.env.CDS_MINIBROWSER;
  for (const d of MINIBROWSER_DIRS) {
    for (const v of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const f = path.join(d, v, 'MiniBrowser');
      if (fs.existsSync(f)) return f;
    }
  }
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until the app has stopped rendering: two animation frames of the page's own in which the
// app drew nothing (the app draws from requestAnimationFrame, so a frame it asked for runs in one
// of them, however late the engine starts it), and then `quietMs` more without a frame. Used by
// ../lib.mjs settle() for the Firefox and WebKit pages; a fixed quiet time is not enough there
// (WebKitGTK under Xvfb may take 350 ms to start a frame after an idle spell).
async function settleByFrames(page, quietMs) {
  const t0 = Date.now();
  for (;;) {
    const quiet = await page.evaluate((ms) => new Promise((res) => {
      const f0 = window.cds && window.cds.frames ? window.cds.frames() : 0;
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
        requestAnimationFrame(() => res((window.cds && window.cds.frames ? window.cds.frames() : 0) === f0));
      }, ms)));
    }), quietMs);
    if (quiet || Date.now() - t0 > 8000) return;
  }
}

// An X server of our own for the engines that need one (Xvfb -displayfd: it picks a free display
// and says which). Stopped with the engine.
async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp', '-noreset'],
                     {stdio: ['ignore', 'pipe', 'ignore']});
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('Xvfb did not start in 15 s')), 15000);
    xvfb.on('error', (e) => { clearTimeout(t); reject(new Error(`Xvfb could not start (${e.message}); tools/setup installs the package xvfb`)); });
    xvfb.on('exit', (c) => { clearTimeout(t); reject(new Error(`Xvfb exited with ${c}`)); });
    xvfb.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(t); resolve(':' + out.trim()); }
    });
  });
  const stop = () => { try { xvfb.kill('SIGTERM'); } catch (e) { /* gone */ } };
  process.on('exit', stop);  // also when the test ends early
  return {display, stop};
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

// Key names as Playwright spells them ("Control+A", "Backspace") → the WebDriver key codepoints.
const WD_KEYS = {Control: '\uE009', Shift: '\uE008', Alt: '\uE00A', Meta: '\uE03D', Backspace: '\uE003', Enter: '\uE007',
                 Tab: '\uE004', Escape: '\uE00C', End: '\uE010', Home: '\uE011', ArrowLeft: '\uE012', ArrowUp: '\uE013',
                 ArrowRight: '\uE014', ArrowDown: '\uE015', Delete: '\uE017', PageDown: '\uE00F', PageUp: '\uE00E'};
const splitCombo = (combo) => combo.split('+').map((k) => (k.length === 1 ? k.toLowerCase() : k));

// ---------------------------------------------------------------- chromium (playwright-core)
async function chromium({downloads}) {
  const {chromium: pw} = await import('playwright-core');
  const browser = await pw.launch({executablePath: process.env.CDS_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS});
  const version = browser.version();
  return {
    name: 'chromium', version: `Chromium ${version}`,
    async newPage({viewport = {width: 1366, height: 768}} = {}) {
      const ctx = await browser.newContext({viewport, deviceScaleFactor: 1, locale: 'vi-VN', acceptDownloads: true});
      const page = await ctx.newPage();
      // Downloads land in `downloads` under the name the page gave them, as in the other engines.
      page.on('download', async (d) => {
        try { await d.saveAs(path.join(downloads, d.suggestedFilename())); } catch (e) { /* page closed */ }
      });
      page.setViewport = (w, h) => page.setViewportSize({width: w, height: h});
      page.closeAll = () => ctx.close();
      return page;
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- firefox (puppeteer-core, BiDi)
async function firefox({downloads, display}) {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false,
    env: {...process.env, DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1', MOZ_CRASHREPORTER_DISABLE: '1'},
    extraPrefsFirefox: {
      'intl.accept_languages': 'en-US, en',
      // Downloads go straight to a folder (no dialog, no download panel).
      'browser.download.folderList': 2, 'browser.download.dir': downloads, 'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false, 'browser.download.alwaysOpenPanel': false,
      'browser.download.panel.shown': true, 'browser.download.start_downloads_in_tmp_dir': false,
      'app.update.auto': false, 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false,
    },
  });
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ESR ');
  // Headless Firefox on a machine without a GPU has no WebGL at all: what a browser with WebGL
  // switched off shows. Returns the page's message (window.cds.fatal), or null once it is ready.
  const headlessVerdict = async (target) => {
    const hb = await puppeteer.launch({browser: 'firefox', executablePath: FIREFOX, headless: true,
                                       env: {...process.env, MOZ_CRASHREPORTER_DISABLE: '1'}});
    try {
      const p = await hb.newPage();
      await p.goto(target, {waitUntil: 'load'});
      for (let i = 0; i < 300; i++) {
        const r = await p.evaluate(() => (window.cds && window.cds.fatal) ? {fatal: window.cds.fatal,
          shown: !document.getElementById('cds-message').hidden} : null);
        if (r) return r;
        if (await p.evaluate(() => !!(window.cds && window.cds.frames))) return null;
        await sleep(100);
      }
      return null;
    } finally { await hb.close(); }
  };
  return {
    name: 'firefox', version, headlessVerdict,
    async newPage({viewport = {width: 1366, height: 768}} = {}) {
      const ctx = await browser.createBrowserContext();
      const p = await ctx.newPage();
      await p.setViewport(viewport);
      let vp = viewport;
      const shim = {
        raw: p,
        goto: (u) => p.goto(u, {waitUntil: 'load'}),
        reload: () => p.reload({waitUntil: 'load'}),
        goBack: () => p.goBack(),
        url: () => p.url(),
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        waitForTimeout: sleep,
        settle: (ms) => settleByFrames(shim, ms),
        viewportSize: () => vp,
        setViewport: async (w, h) => { vp = {width: w, height: h}; await p.setViewport(vp); },
        screenshot: ({path: file}) => p.screenshot({path: file}),
        mouse: {
          click: (x, y) => p.mouse.click(Math.round(x), Math.round(y)),
          move: (x, y) => p.mouse.move(Math.round(x), Math.round(y)),
          wheel: (dx, dy) => p.mouse.wheel({deltaX: dx, deltaY: dy}),
        },
        keyboard: {
          type: (t) => p.keyboard.type(t),
          press: async (combo) => {
            const keys = splitCombo(combo);
            for (const k of keys.slice(0, -1)) await p.keyboard.down(k);
            await p.keyboard.press(keys[keys.length - 1]);
            for (const k of keys.slice(0, -1).reverse()) await p.keyboard.up(k);
          },
        },
        closeAll: () => ctx.close(),
      };
      return shim;
    },
    close: async () => { await browser.close(); },
  };
}

// ---------------------------------------------------------------- webkit (selenium-webdriver)
async function webkit({downloads, display}) {
  const mb = miniBrowser();
  if (!mb) throw new Error('MiniBrowser not found: tools/setup installs the package webkit2gtk-driver');
  const {Builder, Origin} = await import('selenium-webdriver');
  const port = await freePort();
  // MiniBrowser saves a download without asking, into the user's download folder (GLib's
  // XDG_DOWNLOAD_DIR, else the home folder): a home of its own whose download folder is `downloads`.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-webkit-home-'));
  fs.mkdirSync(path.join(home, '.config'));
  fs.writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  const env = {...process.env, DISPLAY: display, HOME: home, LANG: 'en_US.UTF-8'};
  delete env.LANGUAGE;
  delete env.LC_ALL;
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) delete env[k];
  const drv = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {stdio: ['ignore', 'ignore', 'pipe'], env});
  let drvErr = '';
  drv.stderr.on('data', (d) => { drvErr += d; });
  // Wait until the driver listens.
  for (let i = 0; ; i++) {
    const ok = await new Promise((r) => { const s = net.connect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    if (ok) break;
    if (i > 100) throw new Error(`WebKitWebDriver did not listen on ${port}: ${drvErr}`);
    await sleep(100);
  }
  const sessions = [];
  const open = async () => {
    const d = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {binary: mb, args: ['--automation']},
    }).build();
    sessions.push(d);
    return d;
  };
  const first = await open();
  const caps = await first.getCapabilities();
  const version = `WebKitGTK ${caps.get('browserVersion')}`;
  let firstFree = true;
  return {
    name: 'webkit', version,
    async newPage({viewport = {width: 1366, height: 768}} = {}) {
      // One automation session per page: each is a new, ephemeral browsing session.
      for (const old of sessions.splice(firstFree ? 1 : 0)) await old.quit();
      const d = firstFree ? first : await open();
      firstFree = false;
      let vp = viewport;
      // The window is larger than the page by its toolbar; sized so that the page gets `vp`.
      const fit = async () => {
        await d.manage().window().setRect({x: 0, y: 0, width: vp.width, height: vp.height + 40});
        const inner = await d.executeScript('return [window.innerWidth, window.innerHeight]');
        await d.manage().window().setRect({x: 0, y: 0, width: vp.width + (vp.width - inner[0]), height: vp.height + 40 + (vp.height - inner[1])});
      };
      await fit();
      const act = () => d.actions({async: true});
      const pressChord = async (combo) => {
        const keys = splitCombo(combo).map((k) => WD_KEYS[k] || k);
        let a = act();
        for (const k of keys.slice(0, -1)) a = a.keyDown(k);
        a = a.keyDown(keys[keys.length - 1]).keyUp(keys[keys.length - 1]);
        for (const k of keys.slice(0, -1).reverse()) a = a.keyUp(k);
        await a.perform();
      };
      const shim = {
        raw: d,
        goto: (u) => d.get(u),
        reload: () => d.navigate().refresh(),
        goBack: () => d.navigate().back(),
        url: () => d.getCurrentUrl(),
        // fn(arg) run in the page; a returned promise is awaited.
        evaluate: async (fn, arg) => {
          const res = await d.executeAsyncScript(
            'var done = arguments[arguments.length - 1], arg = arguments[0];' +
            'Promise.resolve().then(function () { return (' + fn.toString() + ')(arg); })' +
            '.then(function (v) { done({ok: true, v: v === undefined ? null : v}); }, function (e) { done({ok: false, e: String(e && e.stack || e)}); });',
            arg === undefined ? null : arg);
          if (!res.ok) throw new Error(res.e);
          return res.v;
        },
        waitForTimeout: sleep,
        settle: (ms) => settleByFrames(shim, ms),
        viewportSize: () => vp,
        setViewport: async (w, h) => { vp = {width: w, height: h}; await fit(); },
        screenshot: async ({path: file}) => fs.writeFileSync(file, Buffer.from(await d.takeScreenshot(), 'base64')),
        mouse: {
          // A press held for 40 ms, as a hand does (WebKitWebDriver otherwise releases within 1 ms).
          click: (x, y) => act().move({origin: Origin.VIEWPORT, x: Math.round(x), y: Math.round(y)}).press().pause(40).release().perform(),
          move: (x, y) => act().move({origin: Origin.VIEWPORT, x: Math.round(x), y: Math.round(y)}).perform(),
          // WebKitWebDriver has no wheel input source: a wheel event on the canvas, as a wheel sends it.
          wheel: (dx, dy) => d.executeScript(
            'var c = document.getElementById("canvas"); var r = c.getBoundingClientRect();' +
            'c.dispatchEvent(new WheelEvent("wheel", {deltaX: arguments[0], deltaY: arguments[1], deltaMode: 0, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));',
            dx, dy),
        },
        keyboard: {
          type: async (t) => { await act().sendKeys(t).perform(); },
          press: pressChord,
        },
        // WebKitWebDriver runs one session at a time: a page is closed before the next opens.
        closeAll: async () => {
          const i = sessions.indexOf(d);
          if (i >= 0) { sessions.splice(i, 1); await d.quit(); }
        },
      };
      return shim;
    },
    close: async () => {
      for (const d of sessions) { try { await d.quit(); } catch (e) { /* gone */ } }
      drv.kill('SIGTERM');
      fs.rmSync(home, {recursive: true, force: true});
    },
  };
}

// Waits for window.cds.ready in any engine's page; throws "the app stopped with: fatal:…" when the
// app says it could not start, and after `timeout` ms.
export async function waitReady(page, timeout = 45000) {
  const t0 = Date.now();
  for (;;) {
    let r = null;
    try {
      r = await page.evaluate(() => {
        if (window.cds && window.cds.fatal) return 'fatal:' + window.cds.fatal;
        if (!window.cds || !window.cds.ready) return false;
        return Promise.race([window.cds.ready.then(() => true), new Promise((res) => setTimeout(() => res(false), 200))]);
      });
    } catch (e) { /* the page is navigating */ }
    if (r === true) return;
    if (typeof r === 'string') throw new Error(`the app stopped with: ${r}`);
    if (Date.now() - t0 > timeout) throw new Error(`window.cds.ready not resolved in ${timeout} ms`);
    await sleep(100);
  }
}

// Reloads the page and waits until the new document replaced the old one (not until it is ready):
// the old one is marked first, so that a driver whose reload returns before the navigation started
// (puppeteer over BiDi may) is not answered by the old page.
export async function reloadDocument(page) {
  await page.evaluate(() => { window.__cdsOldDocument = true; });
  await page.reload();
  const t0 = Date.now();
  for (;;) {
    let old = true;
    try { old = await page.evaluate(() => !!window.__cdsOldDocument); } catch (e) { /* navigating */ }
    if (!old) return;
    if (Date.now() - t0 > 30000) throw new Error('the reload did not replace the page in 30 s');
    await sleep(50);
  }
}

// Starts `name`; returns the engine, a folder where its downloads land, and stop().
export async function launchEngine(name) {
  const need = {firefox: [FIREFOX, '/usr/bin/Xvfb'], webkit: [WEBKIT_DRIVER, '/usr/bin/Xvfb']}[name] || [];
  const missing = need.filter((f) => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(`không có / missing: ${missing.join(', ')} — make test cài chúng / installs them ` +
                    '(tools/setup with CDS_SETUP_ENGINES=1: firefox-esr, webkit2gtk-driver, xvfb)');
  }
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), `cds-${name}-dl-`));
  let x = null;
  try {
    if (name !== 'chromium') x = await startXvfb();
    const make = {chromium, firefox, webkit}[name];
    if (!make) throw new Error(`unknown engine ${name} (chromium, firefox, webkit)`);
    const engine = await make({downloads, display: x && x.display});
    return {engine, downloads, stop: async () => {
      try { await engine.close(); } finally { if (x) x.stop(); fs.rmSync(downloads, {recursive: true, force: true}); }
    }};
  } catch (e) {
    if (x) x.stop();
    throw e;
  }
}
