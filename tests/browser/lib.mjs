// Shared helpers for the browser tests: a loopback server for dist/, Debian's Chromium through
// playwright-core, the window.cds test hooks, and small assertions.
import {chromium} from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import {serve} from '../../tools/serve.mjs';

const here = path.dirname(url.fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const DIST = process.env.CDS_DIST || path.join(ROOT, 'dist');
export const BUILD = process.env.CDS_BUILD || path.join(ROOT, 'build');
export const SHOTS = path.join(BUILD, 'screenshots');
// `cds keygen` options for the keys tests make natively where unlocking is not what they test:
// Argon2id with 1 MiB and one pass opens in milliseconds instead of 0.2 s natively and a second or
// more in the page (docs/key-format.md). Keys made in the page keep the product's defaults.
export const LIGHT_KDF = ['--kdf-memory', '1', '--kdf-passes', '1'];

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--disable-default-apps', '--disable-domain-reliability', '--no-pings',
];

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CDS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS.concat(extraArgs),
  });
}

// A browser with an on-disk profile (not incognito): what installability checks need.
export async function launchPersistent(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CDS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: {width: 1366, height: 768},
    locale: 'vi-VN',
    ...options,
  });
}

export async function startServer(dir = DIST) {
  return serve(dir, 0);
}

// Opens the app and waits for window.cds.ready; records every request the page makes.
export async function openApp(browser, baseUrl, {viewport = {width: 1366, height: 768}, context = null} = {}) {
  const ctx = context || await browser.newContext({viewport, deviceScaleFactor: 1, locale: 'vi-VN'});
  const page = await ctx.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const t0 = Date.now();
  await page.goto(baseUrl);
  await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
  await page.evaluate(() => window.cds.ready);
  const readyMs = Date.now() - t0;
  return {ctx, page, requests, errors, readyMs};
}

export function crossOrigin(requests, baseUrl) {
  const origin = new URL(baseUrl).origin;
  return requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

// The state and the widget list come over as one JSON string: Playwright's own serialization of
// an object, value by value, took 300 ms for the state of a 1,000-file intake (410 KB), the
// string 80 ms.
// Each read notes when it ran (window.__cdsReads), so that longTasks() can leave out the page's
// long tasks that were the test's own reads.
export async function items(page) {
  return JSON.parse(await page.evaluate(() => {
    const t = performance.now(), s = JSON.stringify(window.cds.items());
    (window.__cdsReads = window.__cdsReads || []).push([t, performance.now()]);
    return s;
  }));
}
export async function state(page) {
  return JSON.parse(await page.evaluate(() => {
    const t = performance.now(), s = JSON.stringify(window.cds.state());
    (window.__cdsReads = window.__cdsReads || []).push([t, performance.now()]);
    return s;
  }));
}

// The page's main thread held longer than 50 ms at a time (the Long Tasks API, Chromium): call
// watchLongTasks(context) before the page opens, then longTasks(page, since) gives [start, ms] of
// each long task that began after `since` (the page's performance.now()) and held none of the
// test's own reads (state(), items()).
export async function watchLongTasks(context) {
  await context.addInitScript(() => {
    window.__cdsLongTasks = [];
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__cdsLongTasks.push([e.startTime, e.duration]);
      }).observe({type: 'longtask', buffered: true});
    } catch (e) { window.__cdsLongTasks = null; }
  });
}
export async function longTasks(page, since = 0) {
  return page.evaluate((since) => {
    if (!window.__cdsLongTasks) return null;
    const reads = window.__cdsReads || [];
    return window.__cdsLongTasks
      .filter(([t, d]) => t >= since && !reads.some(([a, b]) => a < t + d && b > t))
      .map(([t, d]) => [Math.round(t - since), Math.round(d)]);
  }, since);
}
export async function frames(page) { return page.evaluate(() => window.cds.frames()); }

// The text of the app's screen once it is quiet (window.cds.text()), the pointer first moved to
// `at` so that no hover or tooltip is part of it.
export async function shownText(page, at = [1, 1]) {
  await page.evaluate(() => window.cds.captureText(true));
  await page.mouse.move(...at);
  await settle(page);
  const text = await page.evaluate(() => window.cds.text());
  await page.evaluate(() => window.cds.captureText(false));
  return text;
}

// Waits until the app stops rendering (no frames for a short while). A page may bring its own way (the engine adapters in engines/: WebKit can start a frame more than
// 120 ms after the event that asked for it).
// The page itself watches its frame counter (every 10 ms, in one evaluation) and answers once no
// frame has been built for `quietMs`, counted from the call at the earliest: the same condition as
// sampling the counter `quietMs` apart from the test, without waiting out the rest of a sampling
// period after the app has gone quiet (it was most of a test's waiting: 218 settles took 52 s of
// browser.parts' 90). If the page navigates meanwhile, the old way from the test's side.
export async function settle(page, quietMs = 120) {
  if (page.settle) return page.settle(quietMs);
  const t0 = Date.now();
  try {
    await page.evaluate((ms) => new Promise((res) => {
      const start = performance.now();
      let last = window.cds.frames(), since = start;
      const tick = () => {
        const now = performance.now(), f = window.cds.frames();
        if (f !== last) { last = f; since = now; }
        if (now - since >= ms || now - start > 5000) res();
        else setTimeout(tick, Math.max(1, Math.min(10, ms - (now - since))));
      };
      setTimeout(tick, Math.min(10, ms));
    }), quietMs);
    return;
  } catch (e) {
    if (Date.now() - t0 > 5000) return;
  }
  let last = await frames(page);
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await frames(page);
    if (now === last || Date.now() - t0 > 5000) return;
    last = now;
  }
}

// The canvas's pixels (RGBA) in a rectangle, read in the frame that drew them. The app's WebGL
// canvas keeps no drawing buffer (preserveDrawingBuffer: false), so a read at any other time gives
// an empty (black) canvas: this asks the app for a frame and reads right after its callback, in the
// same animation frame (callbacks run in the order asked for).
export async function canvasPixels(page, x, y, w, h) {
  return page.evaluate(([x, y, w, h]) => new Promise((resolve) => {
    window.Module._cds_draw_next();  // the app skips a frame that paints what is shown already
    window.requestAnimationFrame(() => {
      const c = document.getElementById('canvas');
      const probe = document.createElement('canvas');
      const rx = x < 0 ? c.width + x : x;
      const ry = y < 0 ? c.height + y : y;
      probe.width = w; probe.height = h;
      const g = probe.getContext('2d');
      g.drawImage(c, rx, ry, w, h, 0, 0, w, h);
      resolve(Array.from(g.getImageData(0, 0, w, h).data));
    });
  }), [x, y, w, h]);
}

// The colour of the canvas's bottom-right corner, where no screen draws a widget: the page's own
// colour, which the frame's clear paints (the root window draws no background of its own).
export async function cornerColour(page) {
  await settle(page);
  const d = await canvasPixels(page, -4, -4, 4, 4);
  return [d[0], d[1], d[2]];
}

// Ink in the canvas's top 60 rows (where the title is drawn): pixels far from the page's colour.
// A blank canvas, or one read when its drawing buffer is gone (all black), has none.
export async function headerInk(page) {
  const bg = await cornerColour(page);
  const w = await page.evaluate(() => document.getElementById('canvas').width);
  const h = await page.evaluate(() => Math.min(document.getElementById('canvas').height, 60));
  const d = await canvasPixels(page, 0, 0, w, h);
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 200) ink++;
  }
  return ink;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, {recursive: true});
  const file = path.join(SHOTS, name);
  await page.screenshot({path: file});
  return file;
}

// CDS_STEP_MS=1 adds to each "ok" line the milliseconds since the previous one (where a test's
// time goes; docs/performance.md "The test suite").
const STEP_MS = !!process.env.CDS_STEP_MS;
let lastCheck = Date.now();
export function check(cond, msg) {
  if (!cond) throw new Error('FAILED: ' + msg);
  if (!STEP_MS) return console.log('ok - ' + msg);
  const now = Date.now();
  console.log(`ok - ${msg} [+${now - lastCheck} ms]`);
  lastCheck = now;
}

export async function run(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`${name}: passed in ${Date.now() - t0} ms`);
    process.exit(0);
  } catch (e) {
    console.error(`${name}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
}

// Widgets by their full ImGui label ("Có##in:1:da_ban_hanh:yes" or just "##in:3:ty_le"); a trailing
// "*" matches any label containing the rest ("##start:user:*").
export function rawMatch(itemRaw, raw) {
  return raw.endsWith('*') ? itemRaw.includes(raw.slice(0, -1)) : (itemRaw === raw || itemRaw.endsWith(raw));
}

export async function findRaw(page, raw, {timeout = 5000} = {}) {
  const t0 = Date.now();
  for (;;) {
    const all = await items(page);
    const hit = all.find((i) => i.visible && rawMatch(i.raw, raw));
    if (hit) return hit;
    if (Date.now() - t0 > timeout) throw new Error(`no visible widget with id "${raw}"`);
    await page.waitForTimeout(50);
  }
}

export async function clickRaw(page, raw, opts = {}) {
  // The widgets are those of the last frame drawn while the state is read live: after a change
  // that has not been drawn yet (storage read, a draft list that arrived) they are stale. So the
  // app is first asked for two frames (cds_wake, as the page does after its own async work).
  // Then the click goes where the widget is in two reads in a row, a frame apart or with no frame
  // between them: a page still laying out moves it, and a click at the first read's place lands
  // on its neighbour (seen under load: another rubric's "start" button).
  const w0 = await frames(page);
  await page.evaluate(() => { if (window.Module && window.Module._cds_wake) window.Module._cds_wake(); });
  for (let t = 0; t < 100 && (await frames(page)) < w0 + 2; t++) await page.waitForTimeout(50);
  let it = await findRaw(page, raw, opts);
  for (let k = 0; k < 20; k++) {
    const f0 = await frames(page);
    await page.waitForTimeout(k === 0 ? 0 : 60);
    const again = await findRaw(page, raw, opts);
    const same = again.x === it.x && again.y === it.y && again.w === it.w && again.h === it.h;
    it = again;
    if (same && ((await frames(page)) === f0 || k > 0)) break;
  }
  const x = it.text ? it.x + Math.min(it.w - 4, 30) : it.x + Math.min(it.w / 2, 40);
  await page.mouse.click(x, it.y + it.h / 2);
  await settle(page);
  return it;
}

// Frames on demand: the page's requestAnimationFrame callbacks are held and run one frame at a
// time by stepFrame(), so a test can act between two given frames of a job (a report made over
// many frames) whatever the machine's load. Input and files still reach the app between frames,
// as they do in a browser; only the drawing waits. No test-only code in the app: it asks for its
// frames through window.requestAnimationFrame like any page.
export async function holdFrames(page) {
  await page.evaluate(() => {
    if (window.__cdsHeld) return;
    const orig = window.requestAnimationFrame.bind(window);
    window.__cdsHeld = [];
    window.__cdsOrigRaf = orig;
    window.requestAnimationFrame = (cb) => { window.__cdsHeld.push(cb); return window.__cdsHeld.length; };
    // The held callbacks run in one real animation frame (so the browser's own scheduling,
    // DevTools' CPU throttling included, applies to them as to any frame).
    window.__cdsStep = () => new Promise((resolve) => {
      const q = window.__cdsHeld;
      window.__cdsHeld = [];
      orig((t) => {
        for (const cb of q) cb(t);
        resolve(q.length);
      });
    });
  });
  await page.waitForTimeout(100);  // a frame asked for before the hold runs as usual
}

export async function stepFrame(page) { return page.evaluate(() => window.__cdsStep()); }

export async function releaseFrames(page) {
  await page.evaluate(() => {
    if (!window.__cdsHeld) return;
    const q = window.__cdsHeld;
    window.requestAnimationFrame = window.__cdsOrigRaf;
    delete window.__cdsHeld;
    for (const cb of q) window.requestAnimationFrame(cb);
  });
}

// Runs `fn` with the page's frames held, and lets them go afterwards whatever happened.
export async function withHeldFrames(page, fn) {
  await holdFrames(page);
  try {
    return await fn();
  } finally {
    await releaseFrames(page);
  }
}

// Runs held frames one at a time (with `step`) until the state satisfies `pred` (input and file
// reads land between them); throws after `max` frames.
export async function stepUntil(page, pred, what, max = 60, step = stepFrame) {
  let st = null;
  for (let i = 0; i <= max; i++) {
    st = await state(page);
    if (pred(st)) return st;
    await step(page);
    await page.waitForTimeout(5);
  }
  throw new Error(`${what}: not after ${max} frames (screen ${st && st.screen}, toast ${st && JSON.stringify(st.toast)})`);
}

// Clicks `raw` until the page's state satisfies `pred`: on a loaded machine a click can land while
// the layout is still moving (the last typed letters not yet drawn), miss its button and be lost.
// A click is repeated only after `wait` ms without the expected state.
export async function clickUntil(page, raw, pred, what, {tries = 4, wait = 5000} = {}) {
  let st = null;
  for (let i = 0; i < tries; i++) {
    await clickRaw(page, raw);
    const t0 = Date.now();
    for (;;) {
      st = await state(page);
      if (pred(st)) return st;
      if (Date.now() - t0 > wait) break;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`${what}: not reached after ${tries} clicks on "${raw}" (screen ${st && st.screen}, toast ${st && JSON.stringify(st.toast)})`);
}

// A new draft of `rubric` from the home screen, checked: the unit screen of that rubric.
export async function startDraft(page, rubric) {
  await clickRaw(page, `##start:${rubric}`);
  const st = await waitState(page, (s) => s.screen === 'unit' && !!s.draft, `a new draft of ${rubric}`, 20000);
  if (st.draft.rubric !== rubric) throw new Error(`the start button of ${rubric} opened a draft of ${st.draft.rubric}`);
  return st;
}

// From the unit screen to the form, checked.
export async function openForm(page) {
  return clickUntil(page, '##unit:enter-form', (s) => s.screen === 'form' && !!s.draft, 'the form');
}

// Brings a widget into view with the mouse wheel (the form only draws rows near the viewport):
// down until the page stops moving, then up, until it shows.
// "Stops moving" is decided only from frames the app drew after the wheel: on a loaded machine
// (a CI run beside a build, Firefox or WebKit under Xvfb) a frame can take seconds, and a read of
// the old frame looks like the end of the page.
export async function scrollTo(page, raw, {timeout = 90000} = {}) {
  let dir = 1, flips = 0, last = '', stalls = 0, wheelFrame = -1, wheelAt = 0;
  const t0 = Date.now();
  let seen = [];
  while (Date.now() - t0 < timeout) {
    const all = await items(page);
    const h = page.viewportSize().height;
    const hit = all.find((it) => it.visible && rawMatch(it.raw, raw) && it.h >= 12 && it.y + it.h < h - 4);
    if (hit) return hit;
    seen = all.filter((it) => it.visible);
    const sig = seen.map((it) => it.raw + Math.round(it.y)).join('|');
    if (sig === last) {
      // Not moved. Only the end of the page if the app has drawn at least two frames since the
      // wheel (ImGui applies a wheel in the frame after it arrives) and still not after a wait.
      // (A wheel that brought no frame in 8 s is sent again.)
      const drawn = (await frames(page)) - wheelFrame;
      if (drawn < 2 && Date.now() - wheelAt < 8000) {
        await settle(page, 400);
        await page.waitForTimeout(200);
        continue;
      }
      if (drawn >= 2 && ++stalls < 2) {
        await settle(page, 400);
        continue;
      }
      if (drawn >= 2) {
        stalls = 0;
        dir = -dir;
        if (++flips > 3) break;
      }
    } else {
      stalls = 0;
    }
    last = sig;
    await page.mouse.move(page.viewportSize().width / 2, h / 2);
    wheelFrame = await frames(page);
    wheelAt = Date.now();
    await page.mouse.wheel(0, dir * 250);
    for (let t = 0; t < 100 && (await frames(page)) === wheelFrame; t++) await page.waitForTimeout(50);
    await settle(page, 60);
  }
  const st = await state(page).catch(() => null);
  const shown = seen.map((it) => `${it.raw}@${Math.round(it.y)}`);
  throw new Error(`could not scroll to "${raw}" in ${Date.now() - t0} ms (screen ${st && st.screen}, toast ${st && JSON.stringify(st.toast)}, ` +
                  `frames ${await frames(page).catch(() => '?')}, ${flips} turns; shown: ${shown.slice(0, 4).join(' ')} … ${shown.slice(-8).join(' ')}; ` +
                  `near: ${JSON.stringify((await items(page).catch(() => [])).filter((it) => rawMatch(it.raw, raw)))})`);
}

// Clicks a text field, selects what is there, types `text`, then leaves the field (Enter).
// `whole`: the text arrives as one input event (as from a phone's keyboard, a paste or an IME's
// commit) instead of a key per letter: much faster where the keys are not what is tested, and
// the field goes from its old value to the new one with nothing between.
export async function typeInto(page, raw, text, {enter = true, whole = false} = {}) {
  await scrollTo(page, raw);
  await clickRaw(page, raw);
  await page.keyboard.press('Control+A');
  // A whole text replaces the selection in one input event (as a paste does): the field never
  // holds an intermediate value. Typed as keys, it is emptied first, then takes a letter a key.
  if (whole) await page.keyboard.insertText(text);
  else {
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
  }
  if (enter) await page.keyboard.press('Enter');
  await settle(page);
}

// The default wait is generous: on a loaded two-core machine (a CI run beside a build) a fetch, a
// worker or a frame can take many seconds; a passing test never waits for it.
export async function waitState(page, pred, what, timeout = 20000) {
  const t0 = Date.now();
  for (;;) {
    const st = await state(page);
    if (pred(st)) return st;
    if (Date.now() - t0 > timeout) {
      const seen = st ? {screen: st.screen, toast: st.toast, busy: st.busy} : st;  // what the page showed, for the failure's reader
      throw new Error(`timed out waiting for: ${what} (after ${timeout} ms; the page: ${JSON.stringify(seen)})`);
    }
    await page.waitForTimeout(100);
  }
}

// The home screen, from wherever a reload returned to (a reload restores the screen being used).
export async function goHome(page) {
  for (let i = 0; i < 3 && (await state(page)).screen !== 'home'; i++) {
    const all = await items(page);
    const back = all.find((it) => it.visible && /^← (Trang chủ|Quay lại)/.test(it.raw));
    if (back) await clickRaw(page, back.raw);
    else { await page.goBack(); await settle(page); }
  }
}

// Leaves the active text field by clicking on plain text (Escape would revert the edit, as in ImGui).
export async function blur(page) {
  await page.mouse.click(6, 12);
  await settle(page);
}

// A head's first visit, as a test does it twice (the countersigning in dossier and parts): a key
// made in the app with `pass`, then `file` opened on "Kiểm tra bài nộp"; resolves to the state once
// the dossier is shown.
export async function headOpensDossier(page, pass, file, who = 'head') {
  await waitState(page, (s) => s.storage.loaded, `${who}: storage loaded`);
  await clickRaw(page, '##keys');
  await typeInto(page, '##key:pass1', pass, {enter: false});
  await typeInto(page, '##key:pass2', pass, {enter: false});
  await blur(page);
  await clickRaw(page, 'Tạo khóa');
  // Argon2id at the product's limits in wasm: seconds, many more beside other tests on two cores.
  // A failure says what the screen showed (the passphrases differing, still working, a message).
  try {
    await waitState(page, (s) => s.keys.length === 1, `${who} key created`, 60000);
  } catch (e) {
    const shown = (await shownText(page)).replace(/\n/g, ' ⏎ ');
    throw new Error(`${e.message}; the screen: ${shown.slice(0, 1200)}`);
  }
  await clickRaw(page, '← Quay lại');
  await clickRaw(page, '##verify');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp bài nộp…')]);
  await chooser.setFiles(file);
  return waitState(page, (s) => s.verified && s.verified.dossier, `${who}: the dossier opened`, 20000);
}
