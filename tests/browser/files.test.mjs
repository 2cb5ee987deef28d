// Files in and out of the form: opening a rubric file (and a broken one, with a clear message and
// the draft untouched), evidence files hashed on the device, the printable report, the CSV for
// Excel (UTF-8 BOM, Vietnamese intact), keyboard navigation between fields.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {launch, startServer, openApp, state, settle, check, run, waitState, clickRaw, typeInto, scrollTo, ROOT, openForm} from './lib.mjs';

run('files', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-files-'));
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');

    // A province publishes next year's rubric as a file: it opens without any code change.
    const r = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/rubrics/soctrang-2023-thidua-xa.json'), 'utf8'));
    r.id = 'soctrang-2024-thidua-xa';
    r.version = '2024.1';
    r.year = 2024;
    r.title = 'Tiêu chí thi đua chuyển đổi số năm 2024 (thử nghiệm)';
    const rubricFile = path.join(tmp, 'tieu-chi-2024.json');
    fs.writeFileSync(rubricFile, JSON.stringify(r));
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp tiêu chí…')]);
    await chooser.setFiles(rubricFile);
    let st = await waitState(page, (s) => s.rubrics.some((x) => x.id === 'soctrang-2024-thidua-xa'), 'rubric file opened');
    check(st.rubrics.length === 9, 'an opened rubric file joins the list');

    // Start a draft on it and enter something.
    await scrollTo(page, '##start:user:*');
    await clickRaw(page, '##start:user:*');
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '60');
    st = await state(page);
    check(st.draft.rubric === 'soctrang-2024-thidua-xa' && st.draft.criteria['3'].score === 10, 'the new rubric scores (60 % of 60 % → 10)');

    // Keyboard: Tab moves to the next field.
    await clickRaw(page, '##in:3:ty_le');
    await page.keyboard.press('Tab');
    await page.keyboard.type('75');
    await page.keyboard.press('Enter');
    await settle(page);
    st = await state(page);
    const tabbed = Object.entries(st.draft.inputs).find(([id, v]) => id !== '3' && Object.values(v).some((x) => x === 75));
    check(tabbed, `Tab moved to the next field (75 went to criterion ${tabbed && tabbed[0]})`);

    // Evidence files: name, size and SHA-256 computed on the device.
    await clickRaw(page, '##details:3');
    const pdf = path.join(tmp, 'Kế hoạch số 12.pdf');
    const bytes = crypto.randomBytes(200000);
    fs.writeFileSync(pdf, bytes);
    await scrollTo(page, 'Chọn tệp…##evidence');
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Chọn tệp…##evidence')]);
    await chooser.setFiles(pdf);
    st = await waitState(page, (s) => s.draft.evidence['3'] === 1, 'evidence file added');
    const exported = await page.evaluate(() => window.cds.state().draft.id);
    check(exported, 'draft present');
    // Export and read the manifest entry.
    const [dl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, 'Xuất bản nháp')]);
    const saved = path.join(tmp, 'draft.json');
    await dl.saveAs(saved);
    const ans = JSON.parse(fs.readFileSync(saved, 'utf8'));
    const ev = ans.evidence['3'][0];
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    check(ev.kind === 'file' && ev.size === 200000 && ev.sha256 === sha && ev.name.normalize('NFC') === 'Kế hoạch số 12.pdf',
          `evidence manifest: name, size and SHA-256 match (${ev.sha256.slice(0, 16)}…)`);

    // CSV that Excel opens with Vietnamese intact.
    const [csvDl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, 'CSV')]);
    const csvPath = path.join(tmp, 'report.csv');
    await csvDl.saveAs(csvPath);
    const csv = fs.readFileSync(csvPath);
    check(csv[0] === 0xEF && csv[1] === 0xBB && csv[2] === 0xBF, 'CSV starts with a UTF-8 BOM');
    const text = csv.toString('utf8');
    check(text.includes('Nội dung') && text.includes('Điểm tự đánh giá') && text.includes('Kế hoạch số 12.pdf'), 'CSV has Vietnamese headers and the evidence');

    // The printable report opens for the print dialog (an iframe with the A4 document).
    await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
    await clickRaw(page, 'In');
    const html = await page.waitForFunction(() => {
      const f = document.getElementById('cds-print');
      return f && f.srcdoc && f.srcdoc.length > 1000 ? f.srcdoc : null;
    }).then((h) => h.jsonValue());
    check(html.includes('BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM') && html.includes('@page { size: A4') && html.includes('THỦ TRƯỞNG ĐƠN VỊ'),
          'the printable report has the official layout, A4 page and signature places');

    // A broken file gets a clear message; the current draft is untouched.
    const before = (await state(page)).draft;
    const broken = path.join(tmp, 'hong.json');
    fs.writeFileSync(broken, '{"format":"cds-answers/1", "rubric": ');
    await clickRaw(page, '← Trang chủ');
    await scrollTo(page, 'Nhập bản nháp…');
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Nhập bản nháp…')]);
    await chooser.setFiles(broken);
    st = await waitState(page, (s) => s.toast.includes('hong.json'), 'error message');
    check(/JSON/.test(st.toast) && /dòng 1/.test(st.toast), `clear message for a broken file: "${st.toast}"`);
    check(st.drafts.length === 1 && Math.abs(st.drafts[0].total - before.total) < 1e-9, 'the existing draft is untouched');
    // A file dropped on the unit edition's "Tổng hợp" screen (which only opens the office edition)
    // is opened as anywhere else: it was handed to that screen, which dropped it without a word.
    await clickRaw(page, '##aggregate');
    await waitState(page, (s) => s.screen === 'aggregate', 'the unit edition\'s Tổng hợp screen');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"format":"cds-answers/1", "rubric": '], 'hong-keo-tha.json'));
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    });
    st = await waitState(page, (s) => s.toast.includes('hong-keo-tha.json'), 'a file dropped on the Tổng hợp screen is opened');
    check(/JSON/.test(st.toast), `a file dropped on the unit edition's Tổng hợp screen is read and explained: "${st.toast}"`);
    // A file deleted after it was chosen, before it is read, is told (it once vanished without a word).
    const gone = path.join(tmp, 'nhap-da-xoa.json');
    fs.writeFileSync(gone, '{}');
    await page.evaluate(() => {
      const i = document.createElement('input');
      Object.assign(i, {type: 'file', id: 'test-gone'});
      i.style.display = 'none';
      document.body.appendChild(i);
    });
    await page.setInputFiles('#test-gone', [gone]);
    fs.rmSync(gone);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(document.getElementById('test-gone').files[0]);
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    });
    st = await waitState(page, (s) => s.toast.includes('nhap-da-xoa.json'), 'a file deleted after it was chosen is told');
    check(st.toast.includes('không đọc được tệp'), `a file deleted after it was chosen is told: "${st.toast}"`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
