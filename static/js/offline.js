// The offline layer, page side: one small piece that the roll-call uses and the venue check-in stations will.
//
// A page that must open without a connection opts in with, in its <head>:
//   <meta name="offline-worker" content="{% url 'trainings:offline_worker' %}">
// This script then registers the service worker (static/js/offline-worker.js) with the page's own path as the
// scope and asks it to keep the page and the assets the page loads; the worker serves them when the network
// fails. Once they are kept, <html> gets data-offline="kept" (a page can show "opens offline on this phone").
// `offline.refresh()` asks for a fresh copy of the page (after the page's data changed on the server).
//
// `offline.outbox({...})` keeps what a page has to post in localStorage until the server has answered and sends
// it in order, in batches: the roll-call's marks, a station's scans. Each item gets an `id` (a UUID), its
// idempotency key: the endpoint must apply an id once and ignore it when it comes again, as a resend after a lost
// answer does. See `outbox` below for what the endpoint receives and answers.
//
// Every page loads this script (templates/base.html says who is signed in, data-user) for one more job: what is
// kept belongs to the person signed in. A page shown to someone else, or to nobody (after signing out, when the
// login has expired), deletes the kept pages and unregisters the worker. The outboxes are kept per person and stay:
// a trainer whose login expired logs in again and their marks go out; nobody else's page sends them.
//
// A page for nobody signed in that must still open offline (a venue's check-in station, opened by its device
// credential, not by a login) adds `data-signed-out` to its meta. What such a page keeps goes like the rest as soon
// as a page of the site is shown to someone signed in. Data a page keeps in localStorage under a key that starts
// with "offline-kept:" (a station's manifest) goes with the caches.
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
  var owner = read(OWNER); // undefined: no localStorage (then nothing is remembered across visits either)
  var forgotten = Promise.resolve();
  // A page for nobody, or for someone else than the one whose pages are kept: they go.
  if (user ? owner && owner !== user : owner !== "") forgotten = forget();
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
  var page = location.href.split("#")[0];
  var worker = null;
  var refreshTimer = null;

  function assets() {
    var urls = [];
    document.querySelectorAll("link[rel~=stylesheet][href], script[src], img[src]").forEach(function (element) {
      var url = new URL(element.getAttribute("href") || element.getAttribute("src"), location.href);
      if (url.origin === location.origin) urls.push(url.href);
    });
    return urls;
  }
  function ask(fetchPage) {
    if (worker) worker.postMessage({ type: "keep", page: page, assets: assets(), fetch: fetchPage });
  }
  if (meta && (user || meta.hasAttribute("data-signed-out")) && navigator.serviceWorker && window.caches) {
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
      ask(!visitedThroughWorker); // a visit through the worker has just been kept by it
    }).catch(function () { /* no worker (a private window...): the page works online as before */ });
  }

  // --- The outbox -------------------------------------------------------------------------------------------
  // options: key (a name for this page's queue, e.g. "rollcall:12"), url, csrf (the token for X-CSRFToken),
  // field (the list's name in the body), batch (items per POST, 50), retryMs (5000), and callbacks:
  //   sent(batch, data)    the server answered 200 with JSON `data` (e.g. {"results": [...]} per item id); the
  //                        batch has left the outbox;
  //   refused(batch, data) it answered 400: it cannot read these items, sending them again would never work,
  //                        so they have left the outbox too;
  //   failed(login)        no answer, a 5xx, or (login true) a redirect or a 403: the login has expired. The items
  //                        stay, each flagged `offline: true` (they did not go at once), and go again on the
  //                        `online` event and every retryMs;
  //   changed()            after each attempt, to update counts on the page.
  // The POST body is {<field>: [items]}, JSON, with the CSRF header; items are sent in the order they were added.
  function outbox(options) {
    var key = "offline:" + user + ":" + options.key;
    var size = options.batch || 50;
    var queue = [];
    var sending = false;
    var failing = false;
    try { queue = JSON.parse(read(key) || "[]") || []; } catch (e) { queue = []; }

    function save() { write(key, JSON.stringify(queue)); }
    function leave(batch) {
      var gone = {};
      batch.forEach(function (item) { gone[item.id] = true; });
      queue = queue.filter(function (item) { return !gone[item.id]; });
      save();
    }
    function fail(login) {
      failing = true;
      queue.forEach(function (item) { item.offline = true; });
      save();
      if (options.failed) options.failed(login);
      return false;
    }
    function changed() { if (options.changed) options.changed(); }
    function flush() {
      if (sending || queue.length === 0) { changed(); return; }
      sending = true;
      var batch = queue.slice(0, size);
      var body = {};
      body[options.field] = batch;
      fetch(options.url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": options.csrf },
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
    window.setInterval(flush, options.retryMs || 5000);
    return {
      // Add one item or a list of them (in order), keep them, and start sending.
      add: function (items) {
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
    // A fresh copy of the page for offline use, a moment after the last call (a burst of marks asks once).
    refresh: function () {
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(function () { ask(true); }, 2000);
    }
  };
})();
