// Issue #17: where the printed text read literally would score otherwise, the form shows both
// readings next to the score ("Theo văn bản: 0 — cds áp dụng: 3 …") and the drafting-notes view
// lists the decision. Hand-computed from the Như Thanh NQ57 form, criterion A.I.2.1: "trên 95%: 3,0
// điểm; từ 90% đến dưới 95%: 1,5 điểm; dưới 90%: 0" — exactly 95 % is in no printed band (literal 0);
// "dưới 95%" leaves 95 % in the upper tier, so the appraiser's reading gives 3. 94,9 % is 1,5 either way.
import {launch, startServer, openApp, state, settle, check, run, waitState, clickRaw, scrollTo, typeInto, screenshot, openForm} from './lib.mjs';

run('readings', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const {page, errors} = await openApp(browser, server.url);
    await page.evaluate(() => window.cds.captureText(true));
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await clickRaw(page, await scrollTo(page, '##start:nhuthanh-2026-nq57').then(() => '##start:nhuthanh-2026-nq57'));
    await openForm(page);

    await typeInto(page, '##in:A.I.2.1:ty_le', '95');
    let st = await state(page);
    let c = st.draft.criteria['A.I.2.1'];
    check(c.score === 3 && c.literal === 0, `95 %: the appraiser's reading 3, the printed one 0 (got ${c.score} / ${c.literal})`);
    let text = await page.evaluate(() => window.cds.text());
    check(/Theo văn bản: 0/.test(text), 'the form shows "Theo văn bản: 0" next to the score');

    await typeInto(page, '##in:A.I.2.1:ty_le', '94,9');
    st = await state(page);
    c = st.draft.criteria['A.I.2.1'];
    check(c.score === 1.5 && c.literal === undefined, `94,9 %: 1,5 by both readings, no second reading shown (got ${c.score} / ${c.literal})`);

    await typeInto(page, '##in:A.I.2.1:ty_le', '95,1');
    st = await state(page);
    c = st.draft.criteria['A.I.2.1'];
    check(c.score === 3 && c.literal === undefined, `95,1 %: 3 by both readings (got ${c.score} / ${c.literal})`);

    // Open the details: both readings and why.
    await typeInto(page, '##in:A.I.2.1:ty_le', '95');
    await clickRaw(page, await scrollTo(page, '##details:A.I.2.1').then(() => '##details:A.I.2.1'));
    text = await page.evaluate(() => window.cds.text());
    check(/Hai cách đọc văn bản/.test(text) && /cds áp dụng: 3/.test(text), 'the details name both readings and the reason');
    await screenshot(page, 'readings-nq57-95.png');

    // The drafting-notes view lists the decisions of the document.
    await clickRaw(page, '##notes');
    st = await waitState(page, (s) => s.screen === 'notes', 'drafting notes');
    text = await page.evaluate(() => window.cds.text());
    check(/A\.I\.2\.1|2\.1/.test(text) && /trên 95%/.test(text), 'the drafting notes quote the printed text of 2.1');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
  }
});
