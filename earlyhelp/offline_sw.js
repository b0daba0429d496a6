// The guide's service worker: the SOS list, level pages and pathway pages open with no signal.
// BUILD (above) is written per build: its cache name changes whenever anything it saves changes.
// Pages: network first, so new details arrive whenever there is signal; the saved copy, marked with its date, when
// there is none. It answers only for this site: requests to any other origin are never touched or saved.
"use strict";
const SCOPE = self.registration.scope; // the site root, wherever the site is hosted
const at = (path) => new URL(path, SCOPE).href;
const SLOW_NETWORK_MS = 4000; // one bar of signal: after this, show the saved copy rather than keep waiting
const fresh = (path) => new Request(at(path), { cache: "no-cache" }); // never pre-cache a stale HTTP-cached copy

self.addEventListener("install", (event) => {
  // Everything the SOS page loads must be saved, or the install fails and the previous worker stays in charge.
  event.waitUntil(caches.open(BUILD.cache)
    .then((cache) => cache.addAll(BUILD.core.map(fresh)))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(BUILD.prefix) && name !== BUILD.cache)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// Pages ask for the level and pathway pages once they have loaded, so saving them never slows the page down.
self.addEventListener("message", (event) => {
  if (event.data === "warm") event.waitUntil(warm());
});

async function warm() {
  const cache = await caches.open(BUILD.cache);
  for (const path of BUILD.warm) { // one at a time: gentle on a poor connection; best effort
    if (!(await cache.match(at(path)))) await cache.add(fresh(path)).catch(() => {});
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // other sites: the browser's business
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (request.url.startsWith(at("assets/"))) event.respondWith(asset(event));
});

async function page(event) {
  const url = new URL(event.request.url);
  url.search = url.hash = "";
  const key = url.href;
  const keep = BUILD.keep.some((prefix) => key.startsWith(at(prefix))) || BUILD.linked.some((path) => key === at(path));
  // Pages kept offline always ask the server (a quick 304 if unchanged): a copy fresh in the HTTP cache would
  // otherwise be shown offline without the notice, and with signal could hide new details.
  // (Chromium refuses a navigation Request with options, hence the URL; "manual" keeps redirects the browser's.)
  const network = keep ? fetch(key, { cache: "no-cache", redirect: "manual", credentials: "same-origin" })
    : fetch(event.request);
  if (keep) event.waitUntil(network.then((response) => save(key, response.clone())).catch(() => {}));
  try {
    return await (keep ? Promise.race([network, late(SLOW_NETWORK_MS)]) : network);
  } catch (error) {
    const saved = keep ? await caches.open(BUILD.cache).then((cache) => cache.match(key)) : undefined;
    if (saved) return markedOffline(saved);
    return network.catch(offlinePage); // slow but no saved copy: keep waiting; no network at all: say so
  }
}

async function asset(event) {
  const cache = await caches.open(BUILD.cache);
  const saved = await cache.match(event.request);
  if (saved) return saved; // the cache is this build's, so a saved file is the current one
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

async function save(key, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return;
  await (await caches.open(BUILD.cache)).put(key, response);
}

function late(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("slow network")), ms));
}

// Fixed to the bottom of the screen, so it shows wherever the page is scrolled to; a spacer keeps the end readable.
const NOTICE_STYLE = "position:fixed;left:0;right:0;bottom:0;z-index:9;margin:0;padding:.6rem 1rem;"
  + "background:#fff4e5;color:#3d1f00;border-top:4px solid #b35900;font:700 1rem/1.35 system-ui,sans-serif";

async function markedOffline(saved) {
  const notice = `<p id="eh-offline" role="status" style="${NOTICE_STYLE}">Offline — list as of ${BUILD.built}. `
    + "Check numbers again when you have signal.</p>";
  const html = (await saved.text())
    .replace(/<body[^>]*>/i, (body) => body + notice)
    .replace(/<\/body>/i, '<div style="height:5rem"></div></body>');
  const headers = new Headers(saved.headers);
  headers.delete("content-length");
  return new Response(html, { status: saved.status, statusText: saved.statusText, headers });
}

function offlinePage() {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Offline</title>
<body style="font:1rem/1.5 system-ui,sans-serif;margin:1rem"><h1>You are offline</h1>
<p>This page is not saved on this phone.</p>
<p><a href="${at(BUILD.core[0])}">Open the SOS list</a> (saved on this phone, as of ${BUILD.built}).</p></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
