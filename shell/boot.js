// shell/boot.js — loads the cds web app: checks the browser can run it (WebAssembly, WebGL) and
// otherwise says so in plain HTML; fetches the font and rubric files from the page's own origin
// (or takes them inlined in the single-file build); hands them to the wasm module; starts it.
// window.cds.ready resolves after the first frame (browser tests wait on it).
(function () {
  'use strict';
  var cds = window.cds = window.cds || {};
  cds.ready = new Promise(function (resolve) { window.cdsReadyResolve = resolve; });
  cds.loadStarted = Date.now();

  function fatal(vi, en) {
    var box = document.getElementById('cds-message');
    var loading = document.getElementById('cds-loading');
    if (loading) loading.style.display = 'none';
    box.textContent = '';
    var p1 = document.createElement('div');
    p1.textContent = vi;
    var p2 = document.createElement('div');
    p2.className = 'en';
    p2.textContent = en;
    box.appendChild(p1);
    box.appendChild(p2);
    box.hidden = false;
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.style.display = 'none';
    cds.fatal = vi + ' / ' + en;
  }
  window.cdsFatal = fatal;

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fatal('Trình duyệt này không chạy được WebAssembly nên không dùng được ứng dụng. Hãy dùng Chrome hoặc Edge (bản 109 trở lên), Firefox (115 trở lên) hoặc Safari (15 trở lên).',
          'This browser cannot run WebAssembly. Use Chrome or Edge 109+, Firefox 115+ or Safari 15+.');
    return;
  }
  try {
    var probe = document.createElement('canvas');
    var gl = probe.getContext('webgl') || probe.getContext('experimental-webgl');
    if (!gl) throw new Error('no webgl');
  } catch (e) {
    fatal('Trình duyệt này không hỗ trợ WebGL (hoặc WebGL đang bị tắt), nên không thể hiển thị ứng dụng. Hãy bật "tăng tốc phần cứng" trong cài đặt trình duyệt, hoặc dùng Chrome, Edge, Firefox hay Safari bản mới.',
          'This browser does not support WebGL (or it is disabled). Turn on hardware acceleration, or use a recent Chrome, Edge, Firefox or Safari.');
    return;
  }

  function fetchBytes(url) {
    return fetch(url, {cache: 'no-cache'}).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  }

  function loadAssets() {
    if (window.CDS_INLINE_ASSETS) return Promise.resolve(window.CDS_INLINE_ASSETS);
    var names = ['fonts/NotoSans-Regular-vi.ttf', 'fonts/NotoSans-Bold-vi.ttf', 'fonts/NotoSansMath-symbols.ttf', 'fonts/NotoSansSymbols2-ui.ttf'];
    return fetch('rubrics/index.json', {cache: 'no-cache'}).then(function (r) { return r.json(); }).then(function (list) {
      list.forEach(function (f) { names.push('rubrics/' + f); });
      return Promise.all(names.map(function (n) {
        return fetchBytes(n).then(function (b) { return {name: n, data: b}; });
      }));
    });
  }

  var assetsReady = loadAssets();
  var runtimeReady = new Promise(function (resolve) {
    window.Module = {
      noInitialRun: true,
      onRuntimeInitialized: resolve,
      print: function (t) { console.log(t); },
      printErr: function (t) { console.warn(t); },
      onAbort: function (what) {
        fatal('Ứng dụng gặp lỗi và phải dừng. Dữ liệu đã lưu trên máy vẫn còn; hãy tải lại trang. (' + what + ')',
              'The app hit an error and stopped. Saved data is kept; reload the page.');
      }
    };
  });

  Promise.all([assetsReady, runtimeReady]).then(function (r) {
    var assets = r[0];
    var M = window.Module;
    assets.forEach(function (a) {
      var n = M.lengthBytesUTF8(a.name) + 1;
      var np = M._malloc(n);
      M.stringToUTF8(a.name, np, n);
      var dp = M._malloc(a.data.length || 1);
      M.HEAPU8.set(a.data, dp);
      M._cds_asset_add(np, dp, a.data.length);
      M._free(np);
      M._free(dp);
    });
    M.callMain([]);
  }).catch(function (e) {
    fatal('Không tải được các tệp của ứng dụng (' + (e && e.message) + '). Hãy kiểm tra kết nối rồi tải lại trang.',
          'Could not load the app files. Check the connection and reload.');
  });

  var s = document.createElement('script');
  s.src = 'cds.js';
  s.onerror = function () {
    fatal('Không tải được cds.js. Hãy tải lại trang.', 'Could not load cds.js. Reload the page.');
  };
  document.body.appendChild(s);
})();
