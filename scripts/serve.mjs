// Serves the dashboard on 127.0.0.1 (static files only, as any CDN would): /www/, the package
// it imports (/pkg/) and /catalog.json, at the paths the page reaches them by, and nothing else
// of the repository (not .git, target or .venv). Prints the dashboard's URL.
//   node scripts/serve.mjs [port]      (default 8080; 0 picks a free port)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = normalize(join(fileURLToPath(import.meta.url), "..", ".."));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

// The dashboard's Content-Security-Policy, as the page's own <meta> has it (only its own
// scripts, workers and wasm; no inline script or style), plus what only a header can say:
// no other site may frame it.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// What is served, under the repository root.
const SERVED = ["www", "pkg", "catalog.json"].map((p) => join(root, p));
const served = (path) => SERVED.some((p) => path === p || path.startsWith(p + sep));

export function startServer(port = 8080) {
  let listening = 0;
  // Only requests addressed to this server by a loopback name: a page elsewhere whose name was
  // made to resolve to 127.0.0.1 (DNS rebinding) is refused (421).
  // (A browser leaves the port out of Host on port 80.)
  const hosts = () => new Set(["127.0.0.1", "localhost"].flatMap((h) => (listening === 80 ? [h, `${h}:80`] : [`${h}:${listening}`])));
  const server = createServer(async (req, res) => {
    try {
      if (!hosts().has(req.headers.host ?? "")) {
        res.writeHead(421, { "content-type": "text/plain" }).end("misdirected request");
        return;
      }
      const url = new URL(req.url, "http://127.0.0.1");
      if (url.pathname === "/") {
        res.writeHead(302, { location: "/www/" }).end();
        return;
      }
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!served(path)) {
        const outside = path !== root && !path.startsWith(root + sep);
        res.writeHead(outside ? 403 : 404, { "content-type": "text/plain" }).end(outside ? "forbidden" : "not found");
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      const type = TYPES[extname(path)] ?? "application/octet-stream";
      res.writeHead(200, {
        "content-type": type,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        ...(type.startsWith("text/html") || type.startsWith("text/javascript") ? { "content-security-policy": CSP } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      listening = server.address().port;
      resolve({ server, url: `http://127.0.0.1:${listening}/www/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(Number(process.argv[2] ?? 8080));
  console.log(`tariff dashboard: ${url}   (Ctrl-C to stop)`);
}
