// Issue #19: rubric files read when first needed. The unit edition starts from the catalogue
// (rubrics/index.json) and fetches one rubric file when it is chosen, the ones stored drafts use
// when they are restored, and all of them before a file is opened (a draft or a submission may
// name any rubric). A fetch that fails (or brings a login page instead of the file) says so once,
// in Vietnamese, creates nothing, and the next need retries; clicks while a file is on the way make
// one draft; a submission opened before any rubric was read is verified against the right one; the
// Excel module missing is said in words, and works once back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, clickRaw, waitState, goHome, ROOT, openForm} from './lib.mjs';

const GEN = path.join(ROOT, 'build', 'native', 'bin', 'cds-gen');
const rubricRequests = (requests) => requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/rubrics/'));

run('rubrics', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-rubrics-'));
  try {
    // No service worker: it would answer from its cache, out of the test's reach (page.route), the
    // very failures this test makes (the offline test covers the cache).
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', serviceWorkers: 'block', acceptDownloads: true});
    let {page, requests, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    check(JSON.stringify(rubricRequests(requests)) === '["/rubrics/index.json"]', `only the catalogue at start (${rubricRequests(requests)})`);

    // The chosen rubric's file cannot be fetched: one message, no draft, nothing else broken.
    await page.route('**/rubrics/soctrang-2023-thidua-tinh.json', (r) => r.abort('internetdisconnected'));
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    let st = await waitState(page, (s) => s.toast.includes('Chưa tải được bộ tiêu chí'), 'the failure is said');
    check(st.screen === 'home' && st.drafts.length === 0, 'no draft is made without its rubric');
    check(st.toast.includes('«Tiêu chí đánh giá, thang điểm thi đua chuyển đổi số tỉnh Sóc Trăng, năm 2023»') && st.toast.includes('Hãy kiểm tra kết nối'),
          `the message names the rubric and what to do (${st.toast})`);
    const r0 = st.rubrics.find((r) => r.file === 'soctrang-2023-thidua-tinh.json');
    check(r0.waiting && !r0.loaded, 'the rubric is still waiting');

    // A network login page answers 200 with HTML: not the catalogue's bytes, so not a rubric.
    await page.unroute('**/rubrics/soctrang-2023-thidua-tinh.json');
    await page.route('**/rubrics/soctrang-2023-thidua-tinh.json', (r) => r.fulfill({status: 200, contentType: 'text/html', body: '<html>Đăng nhập Wi-Fi</html>'}));
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    st = await waitState(page, (s) => s.toast.includes('nhận được một tệp khác'), 'a captive portal page is refused');
    check(st.drafts.length === 0 && st.rubrics.find((r) => r.file === 'soctrang-2023-thidua-tinh.json').waiting,
          'a login page instead of the rubric: no draft, the rubric still waiting (and still listed)');

    // The link is back, slowly: three clicks while the file is on the way make one draft.
    await page.unroute('**/rubrics/soctrang-2023-thidua-tinh.json');
    await page.route('**/rubrics/soctrang-2023-thidua-tinh.json', async (r) => { await new Promise((res) => setTimeout(res, 1500)); await r.continue(); });
    const before = rubricRequests(requests).length;
    for (let i = 0; i < 3; i++) await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    st = await waitState(page, (s) => s.screen === 'unit' && s.draft, 'the draft opens once the rubric arrives');
    await page.waitForTimeout(500);
    st = await state(page);
    check(st.drafts.length === 1, `three clicks while it loads make one draft (${st.drafts.length})`);
    await page.unroute('**/rubrics/soctrang-2023-thidua-tinh.json');
    const fetched = rubricRequests(requests).slice(before);
    check(fetched.length >= 1 && fetched.every((p) => p === '/rubrics/soctrang-2023-thidua-tinh.json'), `only that file is fetched (${fetched})`);
    check(st.rubrics.filter((r) => r.loaded).length === 1, 'one rubric read, the other seven still waiting');

    // A returning user: only the rubric the stored draft uses is fetched, and the draft is scored
    // before the list says storage is loaded. (The draft must be in storage before the page closes:
    // on a loaded CI machine the save had not happened yet after half a second.)
    await waitState(page, (s) => s.drafts.length === 1 && !s.drafts[0].dirty, 'the draft saved', 20000);
    await page.close();
    ({page, requests, errors} = await openApp(browser, server.url, {context: ctx}).then((o) => o));
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'the draft is restored', 20000);
    check(JSON.stringify(rubricRequests(requests)) === '["/rubrics/index.json","/rubrics/soctrang-2023-thidua-tinh.json"]',
          `a returning user's start fetches the catalogue and that one rubric (${rubricRequests(requests)})`);
    check(st.drafts[0].items === 16, `the restored draft is scored against its rubric (${st.drafts[0].items} criteria)`);

    // A submission opened before its rubric was read is verified against the right one.
    const gen = path.join(tmp, 'gen');
    execFileSync(GEN, ['--rubric', path.join(ROOT, 'assets', 'rubrics', 'nhuthanh-2026-nq57.json'), '--n', '1', '--out', gen, '--seed', '3',
                       '--tampered', '0', '--duplicates', '0', '--superseded', '0', '--missing', '0', '--untrusted', '0', '--quiet']);
    const sub = fs.readdirSync(gen).filter((f) => f.endsWith('.json') && f !== 'trust.json' && f !== 'manifest.json')[0];
    await goHome(page);
    await clickRaw(page, '##verify');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp bài nộp…')]);
    await chooser.setFiles(path.join(gen, sub));
    st = await waitState(page, (s) => s.verified, 'verified', 15000);
    check(st.verified.ok, `a submission naming a rubric not yet read is verified against it (${st.verified.verdict})`);
    check(st.rubrics.every((r) => r.loaded), 'opening a file reads every bundled rubric first');

    // The Excel module cannot be fetched: said in words with what to do; once back, the same
    // button makes the file.
    await goHome(page);
    await clickRaw(page, '##0:resume');
    st = await state(page);
    if (st.screen === 'unit') await openForm(page);
    await page.route('**/cds-xlsx.wasm', (r) => r.fulfill({status: 404, body: 'not found'}));
    await clickRaw(page, 'Excel');
    st = await waitState(page, (s) => s.toast.includes('Không tạo được tệp Excel'), 'the Excel failure is said');
    check(st.toast.includes('chưa tải được phần tạo tệp Excel (máy chủ trả lời lỗi 404)') && st.toast.includes('CSV'),
          `Excel module missing: a plain reason and what to do (${st.toast})`);
    await page.unroute('**/cds-xlsx.wasm');
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, 'Excel')]);
    check(/\.xlsx$/.test(dl.suggestedFilename()), `once it is back, Excel works (${dl.suggestedFilename()})`);
    const pageErrors = errors.filter((e) => !/status of 404/.test(e));
    check(pageErrors.length === 0, `no page errors (${pageErrors.join(' | ')})`);
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
    await browser.close();
    await server.close();
  }
});
