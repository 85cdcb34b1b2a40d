/* glutemed service worker: keeps a copy of the pages and files last fetched, so that
 * today's session (targets, cues, checks and figures, all in the page) opens without a
 * signal. Network first: with a connection every page is fresh, and the copy is updated;
 * without one, the copy is shown. Writes are never cached or replayed here: a set logged
 * offline waits in the page's own queue (app.js), which sends it with its client_id.
 * Registered only in single-person mode (clinic pages stay off the device). */
"use strict";
var CACHE = "glutemed-v1";
var PRECACHE = [
  "/static/app.css", "/static/app.js", "/static/htmx.min.js", "/static/manifest.webmanifest",
  "/static/icons/icon-192.png", "/static/icons/icon-512.png", "/static/icons/maskable-512.png"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheable(url, response) {
  if (!response || !response.ok || response.type !== "basic") { return false; }
  if (response.headers.get("content-disposition")) { return false; }  // exports: not kept
  return !url.pathname.startsWith("/pair/") && !url.pathname.startsWith("/api/");
}

// A copy that is not marked as redirected: a navigation may not be answered with a
// redirected response, and "/" redirects to today's page.
function plain(response) {
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText,
                                headers: response.headers });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname === "/sw.js" || url.pathname.startsWith("/pair/") ||
      url.pathname.startsWith("/api/")) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (cacheable(url, response)) {
      var copy = response.clone();
      event.waitUntil(plain(copy).then(function (kept) {
        return caches.open(CACHE).then(function (cache) {
          var puts = [cache.put(request, kept.clone())];
          if (response.redirected) { puts.push(cache.put(response.url, kept)); }
          return Promise.all(puts);
        });
      }));
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      if (hit) { return hit; }
      if (request.mode === "navigate") {
        return caches.match("/").then(function (home) {
          return home || new Response(
            "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
            "<title>Offline</title><p>No connection, and this page was not opened before " +
            "on this phone. Today's session opens offline once it has been opened online.</p>",
            { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
        });
      }
      return new Response("", { status: 503 });
    });
  }));
});
