// web/xlsx/worker_pre.js — the start of cds-xlsx.js (emcc --pre-js), which runs as a Web Worker.
// Protocol with the page (web/platform.js, CDS.xlsxWorker):
//   page → worker  {wasm: ArrayBuffer}            the module's bytes (fetched or inlined by the page)
//   worker → page  {ready: true}                  or {error} when the module cannot start
//   page → worker  {id, json}                     a workbook (cds::workbook_to_json)
//   worker → page  {id, bytes: Uint8Array}        the .xlsx file, or {id, error}
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
    try {
      var n = lengthBytesUTF8(job.json) + 1;
      var p = _malloc(n);
      stringToUTF8(job.json, p, n);
      var len = _cds_xlsx_render(p);
      _free(p);
      var out = _cds_xlsx_result();
      if (len < 0) {
        postMessage({id: job.id, error: UTF8ToString(out)});
      } else {
        var bytes = HEAPU8.slice(out, out + len);
        postMessage({id: job.id, bytes: bytes}, [bytes.buffer]);
      }
    } catch (err) {
      postMessage({id: job.id, error: String(err)});
    }
  };
  postMessage({ready: true});
};
