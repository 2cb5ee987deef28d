// web/xlsx/worker_pre.js — the start of cds-xlsx.js (emcc --pre-js), which runs as a Web Worker.
// Protocol with the page (web/platform.js, CDS.xlsxWorker):
//   page → worker  {wasm: ArrayBuffer}            the module's bytes (fetched or inlined by the page)
//   worker → page  {ready: true}                  or {error} when the module cannot start
//   page → worker  {id, json}                     a workbook (cds::workbook_to_json)
//   page → worker  {id, dossier: {submission: Uint8Array, files: [{sha256, bytes: Uint8Array}],
//                                 parts: [{file: "parts/…", bytes: Uint8Array}]}}
//                                                 a dossier: the signed submission and the evidence
//                                                 bytes found on this device, by SHA-256
//   page → worker  {id, open: Uint8Array}         a dossier to open: → {id, bytes: the submission's
//                                                 bytes, meta: JSON of its evidence check}, or {id,
//                                                 error: "vi\ten"}
//   page → worker  {id, repack: {zip, submission}} the dossier again with a countersigned submission
//   page → worker  {id, extract: {zip, sha256}}    the dossier's file with that SHA-256 ("missing")
//   worker → page  {id, bytes: Uint8Array}        the .xlsx or .zip file, or {id, error}
//                                                 ("missing:<sha256>" / "changed:<name>" when a
//                                                 file named by the submission is absent or differs)
var cdsWasmBytes = new Promise(function (resolve) {
  self.onmessage = function (e) { if (e.data && e.data.wasm) resolve(e.data.wasm); };
});
Module['instantiateWasm'] = function (imports, ok) {
  cdsWasmBytes.then(function (b) { return WebAssembly.instantiate(b, imports); })
    .then(function (r) { ok(r.instance); }, function (e) { postMessage({error: 'wasm: ' + e}); });
  return {};
};
Module['onRuntimeInitialized'] = function () {
  self.onmessage = function (e) {
    var job = e.data;
    var str = function (s) {
      var n = lengthBytesUTF8(s) + 1;
      var p = _malloc(n);
      stringToUTF8(s, p, n);
      return p;
    };
    try {
      var len;
      var put = function (u8) {
        var p = _malloc(Math.max(1, u8.length));
        HEAPU8.set(u8, p);
        return p;
      };
      var meta;
      if (job.open) {
        var op = put(job.open);
        len = _cds_dossier_open(op, job.open.length);
        _free(op);
        if (len >= 0) meta = UTF8ToString(_cds_dossier_meta());
      } else if (job.extract) {
        var xp = put(job.extract.zip), hp = str(job.extract.sha256);
        len = _cds_dossier_extract(xp, job.extract.zip.length, hp);
        _free(xp); _free(hp);
      } else if (job.repack) {
        var zp = put(job.repack.zip), sp2 = put(job.repack.submission);
        len = _cds_dossier_repack(zp, job.repack.zip.length, sp2, job.repack.submission.length);
        _free(zp); _free(sp2);
      } else if (job.dossier) {
        _cds_zip_begin();
        for (var i = 0; i < job.dossier.files.length; i++) {
          var f = job.dossier.files[i];
          var sp = str(f.sha256), dp = _malloc(Math.max(1, f.bytes.length));
          HEAPU8.set(f.bytes, dp);
          _cds_zip_add(sp, dp, f.bytes.length);
          _free(sp); _free(dp);
        }
        var parts = job.dossier.parts || [];  // a merged submission's agency parts, under parts/
        for (var j = 0; j < parts.length; j++) {
          var np = str(parts[j].file), pp = _malloc(Math.max(1, parts[j].bytes.length));
          HEAPU8.set(parts[j].bytes, pp);
          _cds_zip_add_part(np, pp, parts[j].bytes.length);
          _free(np); _free(pp);
        }
        var sub = job.dossier.submission, tp = _malloc(Math.max(1, sub.length));
        HEAPU8.set(sub, tp);
        len = _cds_zip_write(tp, sub.length);
        _free(tp);
      } else {
        var p = str(job.json);
        len = _cds_xlsx_render(p);
        _free(p);
      }
      var out = _cds_xlsx_result();
      if (len < 0) {
        postMessage({id: job.id, error: UTF8ToString(out)});
      } else {
        var bytes = HEAPU8.slice(out, out + len);
        postMessage({id: job.id, bytes: bytes, meta: meta}, [bytes.buffer]);
      }
    } catch (err) {
      postMessage({id: job.id, error: String(err)});
    }
  };
  postMessage({ready: true});
};
