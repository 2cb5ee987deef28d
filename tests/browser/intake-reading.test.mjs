// Issue #19: a folder given to the office's intake is read a few milliseconds at a time
// (web/platform.js deliverFiles: each slice's sizes asked, reads started and bytes handed over in
// 8 ms pieces). A stop lands between those pieces: nothing of the request is asked, read or
// handed over after it. A file that can no longer be read when its turn comes is listed with the
// reason, not lost. (The 1,000-file intake itself, its stops and its figures: browser.aggregate.)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {launch, startServer, openApp, state, check, run, waitState, clickRaw, ROOT} from './lib.mjs';

const GEN = path.join(ROOT, 'build', 'native', 'bin', 'cds-gen');
const RUBRIC = path.join(ROOT, 'assets', 'rubrics', 'soctrang-2023-thidua-xa.json');
const FILES = 600;  // three slices of 256 files and a part

async function choose(page, raw, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, raw)]);
  await chooser.setFiles(files);
}

run('intake-reading', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-reading-'));
  try {
    const dir = path.join(tmp, 'thu-muc');
    execFileSync(GEN, ['--rubric', RUBRIC, '--n', String(FILES), '--out', dir, '--seed', '11', '--tampered', '0', '--duplicates', '0',
                       '--superseded', '0', '--missing', '0', '--untrusted', '0', '--quiet']);
    for (const f of ['trust.json', 'manifest.json']) fs.renameSync(path.join(dir, f), path.join(tmp, f));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    check(files.length === FILES, `${FILES} submissions made by cds-gen (${files.length})`);

    const {page, errors} = await openApp(browser, server.url + '?office');
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    if ((await state(page)).screen !== 'aggregate') await clickRaw(page, '##aggregate');
    await waitState(page, (s) => s.screen === 'aggregate', 'Tổng hợp');

    // Each read started and each file whose size is asked are counted; from the 257th file on, the
    // first ask takes 20 ms, so that the second slice's sizes are still being asked when the first
    // slice has been checked.
    await page.evaluate(() => {
      window.__reads = 0;
      window.__sizes = 0;
      const read = Blob.prototype.arrayBuffer, size = Object.getOwnPropertyDescriptor(Blob.prototype, 'size'), seen = new WeakSet();
      Blob.prototype.arrayBuffer = function () { ++window.__reads; return read.call(this); };
      Object.defineProperty(Blob.prototype, 'size', {configurable: true, get() {
        if (!seen.has(this)) {
          seen.add(this);
          if (++window.__sizes > 256) for (const t = performance.now(); performance.now() - t < 20;);
        }
        return size.get.call(this);
      }});
    });
    await choose(page, '##agg:folder', dir);
    await waitState(page, (s) => s.aggregate.arriving && s.aggregate.checked > 0 && s.aggregate.pending === 0,
                    'the first slice checked while the second slice\'s sizes are asked', 60000);
    await clickRaw(page, '##agg:cancel');
    let st = await waitState(page, (s) => !s.aggregate.busy, 'stopped while the sizes are asked', 30000);
    const atStop = await page.evaluate(() => [window.__sizes, window.__reads]);
    await page.waitForTimeout(500);
    const after = await page.evaluate(() => [window.__sizes, window.__reads]);
    check(atStop[1] === 256 && after[1] === 256 && after[0] === atStop[0] && atStop[0] > 256 && atStop[0] < 512,
          `"Dừng" while a slice's sizes are asked: nothing more is asked or read after it (sizes ${atStop[0]} → ${after[0]}, reads ${atStop[1]} → ${after[1]})`);
    check(st.aggregate.files === 256 && st.aggregate.counts.files === 256 && st.toast.startsWith(`Đã dừng kiểm tra: ${FILES - 256} tệp chưa đọc`),
          `the first slice is kept, the rest counted as not read (${st.aggregate.files} files; ${st.toast})`);

    // A file deleted after it was chosen, before it is read, is listed with the reason (it once
    // vanished without a word). The test's own input holds it, then it is dropped on the intake.
    const gone = path.join(tmp, 'da-xoa.json');
    fs.copyFileSync(path.join(dir, files[FILES - 1]), gone);
    await page.evaluate(() => {
      const i = document.createElement('input');
      Object.assign(i, {type: 'file', id: 'test-drop'});
      i.style.display = 'none';
      document.body.appendChild(i);
    });
    await page.setInputFiles('#test-drop', [gone]);
    fs.rmSync(gone);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(document.getElementById('test-drop').files[0]);
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    });
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.files === 257, 'the deleted file listed', 30000);
    const row = st.aggregate.intake.find((x) => x.file === 'da-xoa.json');
    check(row && row.status === 'invalid' && row.reason.startsWith('Không đọc được tệp'),
          `a file deleted after it was chosen is listed as not read (${row ? row.status + ': ' + row.reason : 'no row'})`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
