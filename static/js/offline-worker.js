// The offline layer's service worker (the page side is static/js/offline.js, which says how a page opts in).
//
// Served by trainings.views.offline at /<lang>/trainings/offline-worker.js with `Service-Worker-Allowed: /`, so
// that a page anywhere on the site (the roll-call; later a venue's check-in station) registers it with its own
// path as the scope: one registration per page that must open offline, and this worker answers only for that
// page. It handles three kinds of request and leaves every other one to the browser, as if it were not there:
// - a visit of the page (a GET navigation to exactly the scope): the network first, so the trainer sees the
//   latest marks, and the kept copy when the network fails, answers 5xx or takes longer than PAGE_TIMEOUT_MS;
//   every good answer replaces the copy, a 403/404/410 (no longer the trainer's) deletes it;
// - the data URLs the page asked to keep (`<meta name="offline-keep">`: a station's manifest, JSON), when the page
//   fetches them: like a visit, the network first and the kept copy when it fails; every good answer replaces it;
// - the assets the page loads (stylesheets, scripts, images, and the fonts its stylesheets load, Khmer's among
//   them): the kept copy, refreshed in the background (static files have hashed names in production; in
//   development an edit shows on the next load); one not kept yet is kept as it passes;
// - a "keep" message from the page: fetch the page, its data URLs and its assets into the caches, then answer
//   "kept".
// Nothing else: marks and other POSTs, other GETs (htmx requests...), other pages and downloads go to the network
// (the page's own GETs through this worker's fetch, as the browser would make them).
//
// Keeping the page is keeping personal data: the roll-call lists the trainer's participants, and it is sent with
// `Cache-Control: private, no-store` (people/private_pages.py) so that no proxy and no HTTP cache keeps it for the
// next person on a shared phone. The Cache API is not that cache: it is the site's own storage on this device,
// filled by this worker only for a page that asked, with what that page showed to the person signed in (the open
// tab holds the same), because a roll-call that does not open where the connection fails is of no use to a
// trainer (nor a station's manifest to a door). It is emptied as soon as a page of the site is shown to someone
// else than the one it was kept for (signing out, an expired login, someone signing in on a station's device):
// offline.js, which every page loads, deletes these caches and unregisters this worker then.
"use strict";

var VERSION = "v2";
var PAGES = "offline-pages-" + VERSION;
var ASSETS = "offline-assets-" + VERSION;
var PAGE_TIMEOUT_MS = 5000;
var ASSET_DESTINATIONS = ["style", "script", "image", "font"];
var SCOPE = new URL(self.registration.scope).pathname;

function noop() {}

function delay(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

// The one page this worker is for: this origin, the scope's path, no query.
function isThePage(url) {
  return url.origin === self.location.origin && url.pathname === SCOPE && !url.search;
}

// A fresh answer for the page replaces the kept copy; an answer saying it is not this person's any more removes
// it. A redirect (the login expired) or a server error leaves the copy as it is. Never fails: a full disk must
// not turn the server's answer into an error.
function remember(url, response) {
  var keep = response.status === 200 && response.type === "basic" && !response.redirected;
  var drop = [403, 404, 410].indexOf(response.status) !== -1;
  if (!keep && !drop) return Promise.resolve();
  return caches.open(PAGES).then(function (cache) {
    return keep ? cache.put(url, response) : cache.delete(url);
  }).catch(noop);
}

// [the answer, the work that goes on after it] for a visit of the page or a fetch of a data URL it keeps (`kept`:
// the promise of the kept copy). Without a kept copy, the network's answer, whatever it is.
function networkFirst(request, kept) {
  var network = fetch(request).then(function (response) {
    return remember(request.url, response.clone()).then(function () { return response; });
  });
  var answer = kept.then(function (copy) {
    if (!copy) return network;
    return Promise.race([network, delay(PAGE_TIMEOUT_MS)]).catch(noop).then(function (response) {
      return response && response.status < 500 ? response : copy;
    });
  });
  return [answer, network.catch(noop)]; // a late answer still replaces the copy
}

function keptPage(url) {
  return caches.match(url, { cacheName: PAGES, ignoreVary: true });
}

// A GET of the page's own that is neither a visit nor an asset: a data URL it keeps goes network first (above),
// anything else straight to the network. Decided after looking in the cache, so it always passes through here.
function other(request) {
  var kept = keptPage(request.url);
  return kept.then(function (copy) {
    if (copy) return networkFirst(request, Promise.resolve(copy));
    return [fetch(request), Promise.resolve()];
  });
}

function keepAsset(url, response) {
  if (response.status !== 200 || response.type !== "basic") return Promise.resolve();
  return caches.open(ASSETS).then(function (cache) { return cache.put(url, response); }).catch(noop);
}

// [the answer, the background work] for an asset: the kept copy, refreshed behind it; else the network's answer,
// kept as it passes (a font the stylesheet asks for only once Khmer text shows is kept so too).
function asset(request) {
  var kept = caches.match(request.url, { cacheName: ASSETS, ignoreVary: true });
  var network = kept.then(function (copy) {
    return fetch(request).then(function (response) {
      var keeping = keepAsset(request.url, response.clone());
      return copy ? keeping : keeping.then(function () { return response; });
    });
  });
  var answer = kept.then(function (copy) { return copy || network; });
  return [answer, network.catch(noop)];
}

function sameOrigin(hrefs) {
  return (Array.isArray(hrefs) ? hrefs : []).map(function (href) {
    try { return new URL(href, self.location.href); } catch (e) { return null; }
  }).filter(function (url) { return url && url.origin === self.location.origin; });
}

// Keep the page (fetched again unless the visit just did it through this worker), its data URLs (fetched again
// with the page) and whichever of its assets are not kept yet. Resolves with whether the page is kept.
function keep(data) {
  var page = new URL(data.page);
  if (!isThePage(page)) return Promise.resolve(false);
  return caches.open(PAGES).then(function (pages) {
    function fresh(href, again) {
      return pages.match(href, { ignoreVary: true }).then(function (kept) {
        if (kept && !again) return undefined;
        return fetch(href, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
          .then(function (response) { return remember(href, response); })
          .catch(noop);
      });
    }
    return fresh(page.href, data.fetch).then(function () {
      return Promise.all(sameOrigin(data.data).map(function (url) { return fresh(url.href, data.fetch); }));
    }).then(function () {
      return caches.open(ASSETS);
    }).then(function (assets) {
      return Promise.all(sameOrigin(data.assets).map(function (url) {
        return assets.match(url.href, { ignoreVary: true }).then(function (kept) {
          if (kept) return undefined;
          return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
            return keepAsset(url.href, response);
          }).catch(noop);
        });
      }));
    }).then(function () {
      return pages.match(page.href, { ignoreVary: true });
    }).then(function (kept) {
      return Boolean(kept);
    });
  });
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  // Caches of an earlier version of this worker go; the page's next visit or "keep" fills the new ones.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("offline-") === 0 && name !== PAGES && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return self.clients.claim();
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var work;
  if (request.mode === "navigate") {
    if (!isThePage(url)) return; // another page: the browser fetches it as without a worker
    work = Promise.resolve(networkFirst(request, keptPage(request.url)));
  } else if (ASSET_DESTINATIONS.indexOf(request.destination) !== -1) {
    work = Promise.resolve(asset(request));
  } else {
    work = other(request);
  }
  event.respondWith(work.then(function (both) { return both[0]; }));
  event.waitUntil(work.then(function (both) { return both[1]; }).catch(noop));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || typeof data.page !== "string") return;
  event.waitUntil(keep(data).then(function (kept) {
    if (event.source) event.source.postMessage({ type: "kept", page: data.page, kept: kept });
  }));
});
