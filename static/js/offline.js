// The offline layer, page side: one small piece that the roll-call uses and the venue check-in stations use. It
// does three things: it keeps a page, its data and its assets on the device so that the page opens without a
// connection; it sends what the page has to post through an outbox that survives reloads; and it deletes what is
// kept when the device changes hands. The service worker is static/js/offline-worker.js (trainings.views.offline
// serves it for the whole site).
//
// HOW A PAGE OPTS IN
// 1. Every page of the site loads this script, before the page's own script, and says who is signed in
//    (templates/base.html does it; a page that does not extend base.html writes the same tag):
//      <script src="{% static 'js/offline.js' %}" data-user="{% if user.is_authenticated %}{{ user.pk }}{% endif %}" defer></script>
//    A tag without data-user (an error page) leaves everything as it is and defines no window.offline.
// 2. A page that must open offline names the worker in its <head>:
//      <meta name="offline-worker" content="{% url 'trainings:offline_worker' %}">
//    By default the page belongs to the person signed in, and is kept only for someone signed in. A page shown to
//    nobody signed in that must still open offline (a venue's check-in station, opened by its device credential,
//    not by a login) adds `data-signed-out`:
//      <meta name="offline-worker" content="{% url 'trainings:offline_worker' %}" data-signed-out>
// 3. Data the page fetches and must have offline too (JSON: a station's manifest) is named by one meta each, any
//    same-origin URL, absolute or relative to the page:
//      <meta name="offline-keep" content="{{ manifest_url }}">
//    The page then fetches that URL as usual (fetch(url), GET, the same URL with the same query): online it gets
//    the server's answer (which replaces the kept copy; a 403, 404 or 410 deletes it; a redirect, to a login page
//    say, is never kept), offline or after PAGE_TIMEOUT_MS (5 s) the kept copy.
// What is kept then: the page at exactly its path (no query; the registration's scope is location.pathname), as
// the server answered it (the roster, the CSRF token it carries); each offline-keep URL; every same-origin asset the
// page loaded (<link rel=stylesheet>, <script src>, <img src>, and what those load: the fonts of app.css). Every
// visit online replaces the page's copy. Once the page is kept, <html> gets data-offline="kept" (a page can show
// "opens offline on this phone" with CSS). Nothing else is kept or answered from the device: POSTs, other pages,
// downloads go to the network.
//
// WHOSE IT IS, AND WHEN IT GOES
// What is kept belongs to whoever the page was shown to: the person signed in, or nobody (data-signed-out pages).
// As soon as a page of the site is shown to anyone else (another person signed in; nobody, after signing out or
// when the login expired; someone signed in, on a station's device), every kept page, data URL and asset is
// deleted, the workers are unregistered, and so are the localStorage keys that start with "offline-kept:" (where a
// page keeps what it derived from kept data, a station's decisions). A page or data URL whose server answers 403,
// 404 or 410 goes at once (a roll-call no longer the trainer's, a revoked station). `offline.forget()` deletes it
// all from the page's side (a station told it was revoked). Outboxes are not deleted (below).
//
// THE OUTBOX
//   var box = offline.outbox({key: "station:12", url: "/en/.../sync/", field: "scans", csrf: token, ...});
//   box.add({...}) or box.add([{...}, ...]); box.items(); box.failing(); box.flush();
// It keeps what a page has to post in localStorage ("offline:<user>:<key>"; on a data-signed-out page
// "offline::<key>", whoever is signed in) until the server has answered, and sends it in order, in batches: the
// roll-call's marks, a station's scans. Each item gets an `id` (a UUID v4) unless it has one: its idempotency key.
// The endpoint must apply an id once and ignore it when it comes again, as a resend after a lost answer does. Two
// tabs of one page share the outbox (both may send an item: the id makes that harmless). Options:
//   key      the queue's name, unique on the site ("rollcall:<session>", "station:<id>");
//   url      where to POST; field: the list's name in the body; batch: items per POST (50); retryMs (5000);
//   csrf     the CSRF token (a string, or a function that returns one); the csrftoken cookie wins when it can be
//            read, so that marks made before a login expired still go after logging in again (a login rotates it);
//   sent(batch, data)    the server answered 200 with JSON `data` (e.g. {"results": [...]}, one per item id); the
//                        batch has left the outbox;
//   refused(batch, data) it answered 400: it cannot read these items, sending them again would never work, so they
//                        have left the outbox too;
//   failed(denied)       no answer, a 5xx, or (denied true) a redirect or a 403: the login expired, the device's
//                        credential was revoked. The items stay, each flagged `offline: true` (they did not go at
//                        once), and go again on the `online` event and every retryMs;
//   changed()            after each attempt and when another tab changed the outbox, to update counts on the page.
// The POST body is {<field>: [items]}, JSON, with the headers Content-Type and Accept: application/json and
// X-CSRFToken; the request does not follow redirects.
//
// `offline.refresh()` asks for a fresh copy of the page and its data URLs, a moment after the last call (after the
// page's data changed on the server: a burst of marks asks once).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || script.dataset.user === undefined) return; // a page that does not say who is signed in
  var user = script.dataset.user;
  var OWNER = "offline:owner";

  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return undefined; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: nothing is kept across visits */ }
  }

  // Delete what is kept and unregister the worker; resolves when done, so that a page opting in registers after.
  function forget() {
    var done = [];
    try {
      Object.keys(localStorage).filter(function (key) { return key.indexOf("offline-kept:") === 0; })
        .forEach(function (key) { localStorage.removeItem(key); });
    } catch (e) { /* no localStorage: nothing kept there */ }
    if (window.caches) {
      done.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("offline-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      done.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    return Promise.all(done).catch(function () { /* nothing kept, or storage refused: nothing to delete */ });
  }
  // Whose the kept pages are: a person's id, "" for nobody (a station's), null if nothing was recorded, undefined
  // without localStorage (then nothing is remembered across visits either, and a page for nobody deletes all).
  var owner = read(OWNER);
  var forgotten = Promise.resolve();
  var forgetting = owner === null || owner === undefined ? !user : owner !== user;
  if (forgetting) forgotten = forget();
  if (owner !== undefined && owner !== user) write(OWNER, user);

  function uuid() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- Keeping the page -------------------------------------------------------------------------------------
  var meta = document.querySelector('meta[name="offline-worker"]');
  var signedOut = Boolean(meta && meta.hasAttribute("data-signed-out"));
  var page = location.href.split("#")[0];
  var worker = null;
  var refreshTimer = null;

  function sameOrigin(hrefs) {
    var urls = [];
    hrefs.forEach(function (href) {
      var url;
      try { url = new URL(href, location.href); } catch (e) { return; }
      if (url.origin === location.origin && urls.indexOf(url.href) === -1) urls.push(url.href.split("#")[0]);
    });
    return urls;
  }
  function data() {
    var hrefs = [];
    document.querySelectorAll('meta[name="offline-keep"][content]').forEach(function (element) {
      hrefs.push(element.getAttribute("content"));
    });
    return sameOrigin(hrefs);
  }
  // What the page loaded: its elements' files, and what they loaded in turn (the fonts a stylesheet asked for).
  function assets() {
    var hrefs = [];
    document.querySelectorAll("link[rel~=stylesheet][href], script[src], img[src]").forEach(function (element) {
      hrefs.push(element.getAttribute("href") || element.getAttribute("src"));
    });
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (entry) {
        if (["link", "script", "img", "css"].indexOf(entry.initiatorType) !== -1) hrefs.push(entry.name);
      });
    }
    var keep = data();
    return sameOrigin(hrefs).filter(function (href) { return keep.indexOf(href) === -1 && href !== page; });
  }
  function ask(fetchPage) {
    if (worker) worker.postMessage({ type: "keep", page: page, data: data(), assets: assets(), fetch: fetchPage });
  }
  // After the page's fonts: a font loads only once text needs it (Khmer), and it is kept with the rest.
  function loaded() {
    return document.fonts && document.fonts.ready ? document.fonts.ready.catch(function () {}) : Promise.resolve();
  }
  if (meta && (user || signedOut) && navigator.serviceWorker && window.caches) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "kept" && data.page === page && data.kept) document.documentElement.dataset.offline = "kept";
    });
    var visitedThroughWorker = Boolean(navigator.serviceWorker.controller);
    forgotten.then(function () {
      return navigator.serviceWorker.register(meta.content, { scope: location.pathname });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      worker = registration.active;
      return loaded();
    }).then(function () {
      ask(forgetting || !visitedThroughWorker); // a visit through the worker has just been kept by it
    }).catch(function () { /* no worker (a private window...): the page works online as before */ });
  }

  // --- The outbox (see the header) ---------------------------------------------------------------------------
  function cookie(name) {
    var found = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return found ? decodeURIComponent(found[1]) : "";
  }
  function outbox(options) {
    // A station's queue is the device's, whoever signs in on it meanwhile; the roll-call's is its trainer's.
    var key = "offline:" + (signedOut ? "" : user) + ":" + options.key;
    var size = options.batch || 50;
    var queue = [];
    var sending = false;
    var failing = false;

    // Read again before each change: another tab of the page may have added or sent items meanwhile.
    function load() {
      var stored = read(key);
      if (stored === undefined) return; // no localStorage: the queue lives in this tab only
      try { queue = JSON.parse(stored || "[]") || []; } catch (e) { queue = []; }
      if (!Array.isArray(queue)) queue = [];
    }
    function save() { write(key, JSON.stringify(queue)); }
    function leave(batch) {
      var gone = {};
      batch.forEach(function (item) { gone[item.id] = true; });
      load();
      queue = queue.filter(function (item) { return !gone[item.id]; });
      save();
    }
    function fail(denied) {
      failing = true;
      load();
      queue.forEach(function (item) { item.offline = true; });
      save();
      if (options.failed) options.failed(denied);
      return false;
    }
    function token() {
      var given = typeof options.csrf === "function" ? options.csrf() : options.csrf;
      return cookie("csrftoken") || given || "";
    }
    function changed() { if (options.changed) options.changed(); }
    load();
    function flush() {
      load();
      if (sending || queue.length === 0) { changed(); return; }
      sending = true;
      var batch = queue.slice(0, size);
      var body = {};
      body[options.field] = batch;
      fetch(options.url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token() },
        body: JSON.stringify(body)
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) return fail(true);
        if (response.status === 400) {
          return response.json().catch(function () { return {}; }).then(function (data) { return { refused: data }; });
        }
        if (!response.ok) return fail(false);
        return response.json().then(function (data) { return { sent: data }; }, function () { return fail(false); });
      }, function () {
        return fail(false);
      }).then(function (answer) {
        sending = false;
        if (answer) {
          failing = false;
          leave(batch);
          if (answer.sent && options.sent) options.sent(batch, answer.sent);
          if (answer.refused && options.refused) options.refused(batch, answer.refused);
        }
        changed();
        if (answer && queue.length) flush();
      });
    }
    window.addEventListener("online", flush);
    window.addEventListener("storage", function (event) {
      if (event.key === key) { load(); changed(); }
    });
    window.setInterval(flush, options.retryMs || 5000);
    return {
      // Add one item or a list of them (in order), keep them, and start sending.
      add: function (items) {
        load();
        (Array.isArray(items) ? items : [items]).forEach(function (item) {
          item.id = item.id || uuid();
          queue.push(item);
        });
        save();
        flush();
      },
      items: function () { return queue.slice(); },
      failing: function () { return failing; },
      flush: flush
    };
  }

  window.offline = {
    outbox: outbox,
    // Delete everything kept on this device, from the page's side (resolves when done).
    forget: forget,
    // A fresh copy of the page for offline use, a moment after the last call (a burst of marks asks once).
    refresh: function () {
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(function () { ask(true); }, 2000);
    }
  };
})();
