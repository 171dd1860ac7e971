// Takt's service worker: the app starts with the network off after one visit.
// `cargo xtask sw` (a trunk post-build hook) fills in the build's file list and version.
const VERSION = "__TAKT_VERSION__";
const ASSETS = __TAKT_ASSETS__;
const CACHE = "takt-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("takt-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // The API is never cached: the local store in IndexedDB is the offline copy of the data.
  if (url.pathname.startsWith("/api/") || url.pathname === "/health") return;
  if (request.mode === "navigate") {
    // Pages: the network when it answers (a new release), else the cached shell, whose router
    // shows the route.
    event.respondWith(
      fetch(request).catch(() => caches.match("/index.html", { cacheName: CACHE })),
    );
    return;
  }
  // Build files are content-hashed: the cache is always right for them.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
