// Issue: works on the devices people have. A 360×640 phone with touch: one-column cards, tapping a
// field raises the text agent (the virtual keyboard), typing works, dragging scrolls the form;
// screenshots at 360×640.
import {launch, startServer, openApp, state, settle, screenshot, check, run, waitState, findRaw, scrollTo} from './lib.mjs';

async function tap(page, it) {
  await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await settle(page);
}

run('mobile', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({viewport: {width: 360, height: 640}, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
                                          locale: 'vi-VN'});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    let st = await state(page);
    check(st.dpr === 2, 'the canvas follows devicePixelRatio 2');
    await screenshot(page, 'home-360x640.png');
    await tap(page, await scrollTo(page, '##start:soctrang-2023-thidua-xa'));
    await tap(page, await findRaw(page, '##unit:name'));
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(focused === 'cds-text-agent', 'tapping a text field focuses the text agent (raises the phone keyboard)');
    await page.keyboard.type('UBND xã Đại Hải');
    await tap(page, await findRaw(page, '##unit:enter-form'));
    st = await state(page);
    check(st.draft.unit.name === 'UBND xã Đại Hải' && st.screen === 'form', `typed on the phone: "${st.draft.unit.name}"`);
    // One-column cards: inputs are as wide as the screen.
    const field = await scrollTo(page, '##in:3:ty_le');
    check(field.w > 300, `fields use the full width on a phone (${Math.round(field.w)} px)`);
    await tap(page, field);
    await page.keyboard.type('55');
    await tap(page, await scrollTo(page, '##details:3'));
    st = await state(page);
    check(st.draft.inputs['3'].ty_le === 55 && st.draft.criteria['3'].score === 9.17, `touch input scored: 55/60 × 10 = 9,17 (got ${st.draft.criteria['3'].score})`);
    await screenshot(page, 'form-360x640.png');
    // Drag on empty space scrolls.
    const before = st.draft.scroll;
    const cdp = await ctx.newCDPSession(page);
    const x = 180, y0 = 560, y1 = 260;
    await cdp.send('Input.dispatchTouchEvent', {type: 'touchStart', touchPoints: [{x, y: y0}]});
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', {type: 'touchMove', touchPoints: [{x, y: y0 + (y1 - y0) * i / 10}]});
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', {type: 'touchEnd', touchPoints: []});
    await settle(page);
    st = await state(page);
    check(st.draft.scroll > before + 100, `dragging scrolls the form (${Math.round(before)} → ${Math.round(st.draft.scroll)})`);
    check(st.draft.inputs['3'].ty_le === 55, 'the drag did not change any value');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
  }
});
