// tools/serve.mjs — a tiny static file server for dist/ (make run, browser tests).
// Loopback only, correct MIME types (application/wasm), no directory listings, no caching
// headers that would hide a new release from the service worker, and gzip for text and wasm when
// the browser accepts it (as ordinary web servers are set up: the bytes on the wire are the gzip
// figures of `make size`).
//   node tools/serve.mjs [dir] [port]      (port 0 = any free port)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

const COMPRESS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.ttf', '.svg', '.webmanifest', '.txt']);

export function serve(dir, port = 0, host = '127.0.0.1') {
  const gzipped = new Map();  // file + etag → gzip bytes
  let root = path.resolve(dir);
  const log = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(u.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    const entry = log.push(req.method + ' ' + u.pathname) - 1;
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('not found');
        return;
      }
      // Revalidate every time (no-cache) but answer 304 when unchanged, as ordinary web servers do:
      // the service worker's install then reuses what the page has just downloaded.
      const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      const common = {'Cache-Control': 'no-cache', 'ETag': etag, 'X-Content-Type-Options': 'nosniff'};
      if (req.headers['if-none-match'] === etag) {
        log[entry] += ' 304';
        res.writeHead(304, common).end();
        return;
      }
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      if (COMPRESS.has(path.extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = file + ' ' + etag;
        if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(fs.readFileSync(file), {level: 9}));
        const body = gzipped.get(key);
        res.writeHead(200, {...common, 'Content-Type': type, 'Content-Encoding': 'gzip', 'Vary': 'Accept-Encoding', 'Content-Length': body.length});
        log[entry] += ' 200 ' + st.size + ' gzip ' + body.length;
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      res.writeHead(200, {...common, 'Content-Type': type, 'Content-Length': st.size});
      log[entry] += ' 200 ' + st.size;
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const p = server.address().port;
      resolve({url: `http://${host}:${p}/`, port: p, log, close: () => new Promise((r) => server.close(r)),
               setRoot: (d) => { root = path.resolve(d); }});
    });
  });
}

if (import.meta.url === url.pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] || 'dist';
  const port = Number(process.argv[3] || 8080);
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`serve: ${dir}/index.html không có / missing — chạy "make web" trước / run "make web" first`);
    process.exit(2);
  }
  serve(dir, port).then((s) => {
    console.log(`cds đang chạy tại / is serving at ${s.url}  (Ctrl+C để dừng / to stop)`);
  }).catch((e) => {
    console.error(`serve: ${e.message}`);
    process.exit(2);
  });
}
