// Issue #19: rubric files read when first needed. The unit edition starts from the catalogue
// (rubrics/index.json) and fetches one rubric file when it is chosen, the ones stored drafts use
// when they are restored, and all of them before a file is opened (a draft or a submission may
// name any rubric). A fetch that fails says so once, in Vietnamese, creates nothing, and the next
// need retries; a submission opened before any rubric was read is verified against the right one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, clickRaw, waitState, goHome, ROOT} from './lib.mjs';

const GEN = path.join(ROOT, 'build', 'native', 'bin', 'cds-gen');
const rubricRequests = (requests) => requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/rubrics/'));

run('rubrics', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-rubrics-'));
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
    let {page, requests, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    check(JSON.stringify(rubricRequests(requests)) === '["/rubrics/index.json"]', `only the catalogue at start (${rubricRequests(requests)})`);

    // The chosen rubric's file cannot be fetched: one message, no draft, nothing else broken.
    await page.route('**/rubrics/soctrang-2023-thidua-tinh.json', (r) => r.abort('internetdisconnected'));
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    let st = await waitState(page, (s) => s.toast.includes('Chưa tải được bộ tiêu chí'), 'the failure is said');
    check(st.screen === 'home' && st.drafts.length === 0, 'no draft is made without its rubric');
    check(st.toast.includes('soctrang-2023-thidua-tinh.json') && st.toast.includes('Hãy kiểm tra kết nối'),
          `the message names the file and what to do (${st.toast})`);
    const r0 = st.rubrics.find((r) => r.file === 'soctrang-2023-thidua-tinh.json');
    check(r0.waiting && !r0.loaded, 'the rubric is still waiting');

    // The link is back: the same button fetches it (one file), and the draft opens.
    await page.unroute('**/rubrics/soctrang-2023-thidua-tinh.json');
    const before = rubricRequests(requests).length;
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    st = await waitState(page, (s) => s.screen === 'unit' && s.draft, 'the draft opens once the rubric arrives');
    const fetched = rubricRequests(requests).slice(before);
    check(fetched.length >= 1 && fetched.every((p) => p === '/rubrics/soctrang-2023-thidua-tinh.json'), `only that file is fetched (${fetched})`);
    check(st.rubrics.filter((r) => r.loaded).length === 1, 'one rubric read, the other seven still waiting');

    // A returning user: only the rubric the stored draft uses is fetched, and the draft is scored
    // before the list says storage is loaded.
    await page.close();
    ({page, requests, errors} = await openApp(browser, server.url, {context: ctx}).then((o) => o));
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'the draft is restored');
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
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
    await browser.close();
    await server.close();
  }
});
