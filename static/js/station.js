// A venue's check-in station (templates/forum/station.html; the server side is forum/views/stations.py).
//
// Offline first. The manifest (who may pass this door: sha256 of each valid badge secret, display name, band,
// flags; what the server already counted) is fetched when the page opens and every minute, and kept in
// localStorage under "offline-kept:" (static/js/offline.js deletes it when someone signs in on this device). Each
// scan is decided here at once from that manifest, shown big, and queued in the offline layer's outbox (field
// "scans", each with its own id); the server decides again (another station may have admitted the person first, a
// badge may have been replaced meanwhile) and its verdict replaces ours. The page itself opens offline through the
// offline layer's service worker (the meta in the page's head).
//
// A badge's QR code carries its secret only; the station hashes it (crypto.subtle, SHA-256) and never keeps or
// sends the secret. Camera frames are decoded with jsQR (static/vendor/jsqr/, from the npm registry).
(function () {
  "use strict";
  var root = document.getElementById("station");
  if (!root || !window.offline || !window.localStorage || !window.fetch) return;
  var $ = function (id) { return document.getElementById(id); };
  var W = root.dataset;
  var id = W.station;
  var KEY = "offline-kept:station:" + id + ":";
  var SECRET = /^[A-Za-z0-9_-]{16,64}$/;
  var REFRESH_MS = 60000;
  var SAME_CODE_MS = 4000;

  function load(name, fallback) {
    try { return JSON.parse(localStorage.getItem(KEY + name)) || fallback; } catch (e) { return fallback; }
  }
  function save(name, value) {
    try { localStorage.setItem(KEY + name, JSON.stringify(value)); } catch (e) { /* full: kept in memory */ }
  }
  function forget(name) {
    try { localStorage.removeItem(KEY + name); } catch (e) { /* nothing kept */ }
  }

  var manifest = load("manifest", null);
  // Admissions decided here that the server has not confirmed yet: ref -> {at, station, scan}.
  var local = load("local", {});
  var recent = load("recent", []);
  var syncedAt = load("synced", null);
  var byHash = {};
  var byRef = {};
  var replaced = {};
  var current = null; // the scan on screen
  var blocked = false;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values[name] === undefined ? all : values[name]; });
  }
  // Dates as the site writes them (config/formats): day before month, a 24-hour clock ("Tuesday 1 December, 18:05").
  var LOCALE = W.lang === "en" ? "en-GB" : W.lang;
  function time(iso) {
    if (!iso) return W.wNever;
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try { return new Date(iso).toLocaleTimeString(LOCALE, Object.assign({ timeZone: W.zone }, options)); }
    catch (e) { return new Date(iso).toLocaleTimeString(LOCALE, options); }
  }
  function word(outcome) { return W["w" + outcome.replace(/(^|_)(\w)/g, function (a, b, c) { return c.toUpperCase(); })]; }

  function index() {
    byHash = {}; byRef = {}; replaced = {};
    if (!manifest) return;
    manifest.people.forEach(function (person) { byHash[person.h] = person; byRef[person.ref] = person; });
    manifest.replaced.forEach(function (h) { replaced[h] = true; });
  }

  // --- The door and its numbers ------------------------------------------------------------------------------
  function firstCheckIn(ref) { return (manifest && manifest.checked_in[ref]) || local[ref] || null; }
  function sessionCount() {
    var session = manifest && manifest.station.session;
    if (!session) return 0;
    var mine = Object.keys(local).filter(function (ref) { return !manifest.checked_in[ref]; }).length;
    return session.count + mine;
  }
  function showDoor() {
    if (!manifest) { $("st-people").textContent = W.wNoManifest; return; }
    var station = manifest.station;
    var door = station.session
      ? fill(W.wSession, { title: station.session.title, room: station.session.room || "", time: time(station.session.starts_at) })
      : fill(W.wDay, { day: station.day ? new Date(station.day + "T12:00:00").toLocaleDateString(LOCALE, { weekday: "long", day: "numeric", month: "long" }) : "" });
    $("st-door").textContent = door;
    $("st-people").textContent = fill(W.wPeople, { count: manifest.people.length });
    $("st-manifest-at").textContent = fill(W.wManifestAt, { time: time(manifest.generated_at) });
    var capacity = $("st-capacity");
    if (station.session) {
      var count = sessionCount();
      var cap = station.session.capacity;
      capacity.hidden = false;
      capacity.textContent = cap === null ? fill(W.wCount, { count: count }) : fill(W.wCapacity, { count: count, capacity: cap });
      if (cap !== null && count >= cap) capacity.dataset.full = ""; else delete capacity.dataset.full;
    }
    if (station.walk_in_url) {
      $("st-walk-in").hidden = false;
      $("st-walk-in-link").href = station.walk_in_url;
    }
  }
  function counts() {
    $("st-waiting").textContent = box.items().length;
    $("st-synced").textContent = time(syncedAt);
    var offline = !navigator.onLine || (box.failing() && !blocked); // a revoked station's refusals are no outage
    var line = $("st-connection");
    line.dataset.state = offline ? "offline" : "online";
    line.textContent = offline ? W.wOffline : W.wOnline;
  }

  // --- Deciding a scan ------------------------------------------------------------------------------------------
  // What this device says, from the manifest; the server says it again at sync.
  function decide(scan) {
    var person = scan.h ? byHash[scan.h] : byRef[scan.ref];
    if (scan.h && replaced[scan.h]) return { outcome: "replaced" };
    if (!person) return { outcome: "unknown" };
    var verdict = { person: person };
    if (person.status === "not_approved") verdict.outcome = "not_approved";
    else if (person.status !== "ok") verdict.outcome = "wrong_day";
    else if (firstCheckIn(person.ref)) { verdict.outcome = "already"; verdict.first = firstCheckIn(person.ref); }
    else {
      var session = manifest.station.session;
      verdict.outcome = session && session.enforced && session.capacity !== null && sessionCount() >= session.capacity ? "full" : "admitted";
    }
    return verdict;
  }

  var ICONS = { admitted: "ok", already: "again", not_approved: "stop", wrong_day: "day", replaced: "swap", full: "full", unknown: "unknown" };

  function show(entry, fresh) {
    var result = $("st-result");
    result.dataset.outcome = entry.outcome;
    $("st-icon").setAttribute("href", "#st-i-" + ICONS[entry.outcome]);
    $("st-verdict").textContent = word(entry.outcome);
    $("st-name").textContent = entry.name ? entry.name + (entry.latin && entry.latin !== entry.name ? " · " + entry.latin : "") : "";
    var band = $("st-band");
    band.textContent = "";
    band.hidden = !entry.band;
    if (entry.band) {
      var chip = document.createElement("span");
      chip.className = "badge-band-" + entry.band;
      chip.textContent = entry.words.join(" · ") + (entry.country ? " — " + entry.country : "");
      band.appendChild(chip);
    }
    var why = entry.outcome === "admitted" ? "" : entry.message || ""; // the server's sentence says why not
    if (!why && entry.outcome === "already" && entry.first) why = fill(W.wFirst, { time: time(entry.first.at), station: entry.first.station });
    else if (!why && entry.outcome !== "admitted") why = word(entry.outcome + "_why") || "";
    $("st-why").textContent = why;
    var youth = $("st-youth");
    youth.hidden = !entry.youth;
    youth.textContent = entry.youth ? (entry.chaperone ? fill(W.wYouth, { chaperone: entry.chaperone }) : W.wYouthAlone) : "";
    var source = $("st-source");
    source.dataset.state = entry.state;
    source.textContent = { local: W.wLocal, server: W.wServer, changed: W.wChanged }[entry.state] + " · " + time(entry.at);
    if (fresh) {
      result.classList.remove("st-new");
      void result.offsetWidth; // restart the flash
      result.classList.add("st-new");
    }
    result.dataset.scan = entry.id;
  }

  function showRecent() {
    var list = $("st-recent");
    list.textContent = "";
    recent.forEach(function (entry) {
      var li = document.createElement("li");
      li.dataset.outcome = entry.outcome;
      li.dataset.scan = entry.id;
      var what = document.createElement("span");
      what.className = "st-what";
      what.textContent = word(entry.outcome);
      var who = document.createElement("span");
      who.textContent = entry.name || "";
      var state = document.createElement("span");
      state.className = "st-state";
      state.textContent = time(entry.at) + " · " + (entry.state === "local" ? W.wLocal : entry.state === "changed" ? W.wChanged : W.wServer);
      li.append(what, who, state);
      list.appendChild(li);
    });
  }

  function record(scan) {
    if (blocked || !manifest) { if (!manifest) $("st-notice").textContent = W.wNoManifest; return; }
    var verdict = decide(scan);
    var person = verdict.person || {};
    scan.at = new Date().toISOString();
    scan.offline = !navigator.onLine || box.failing();
    box.add(scan); // gives the scan its id and starts sending it
    if (verdict.outcome === "admitted") {
      local[person.ref] = { at: scan.at, station: W.name, scan: scan.id };
      save("local", local);
    }
    var entry = {
      id: scan.id, at: scan.at, outcome: verdict.outcome, state: "local", first: verdict.first || null,
      ref: person.ref || "", name: person.name || "", latin: person.latin || "", band: person.band || "",
      words: person.words || [], country: person.country || "", youth: Boolean(person.youth), chaperone: person.chaperone || ""
    };
    current = entry;
    recent.unshift(entry);
    recent = recent.slice(0, 20);
    save("recent", recent);
    show(entry, true);
    showRecent();
    showDoor();
    counts();
  }

  // --- The server's answers -------------------------------------------------------------------------------------
  function merge(data) {
    if (!manifest) return;
    if (data.checked_in) Object.assign(manifest.checked_in, data.checked_in);
    if (data.session && manifest.station.session) Object.assign(manifest.station.session, data.session);
    Object.keys(local).forEach(function (ref) { if (manifest.checked_in[ref]) delete local[ref]; });
    save("manifest", manifest);
    save("local", local);
  }
  function applyResults(batch, data) {
    var byId = {};
    (data.results || []).forEach(function (result) { byId[result.id] = result; });
    recent.forEach(function (entry) {
      var result = byId[entry.id];
      if (!result) return;
      if (result.outcome !== entry.outcome) entry.state = "changed"; else entry.state = "server";
      entry.outcome = result.outcome;
      entry.message = result.message || "";
      entry.first = result.first || null;
      if (result.name) entry.name = result.name;
    });
    Object.keys(byId).forEach(function (scanId) {
      // Our admission that the server did not count (another station was first, the badge was replaced...).
      Object.keys(local).forEach(function (ref) {
        if (local[ref].scan === scanId && byId[scanId].outcome !== "admitted") delete local[ref];
      });
    });
    merge(data);
    if (data.synced_at) { syncedAt = data.synced_at; save("synced", syncedAt); }
    save("recent", recent);
    if (current && byId[current.id]) show(current, false);
    showRecent();
    showDoor();
  }

  function block(error) {
    blocked = true;
    root.dataset.blocked = error;
    $("st-blocked-text").textContent = error === "revoked" ? W.wRevoked : error === "expired" ? W.wExpired : W.wForbidden;
    $("st-blocked").hidden = false;
    $("st-manifest-at").textContent = "";
    $("st-people").textContent = "";
    stopCamera();
    // Nobody passes here any more: the list of people leaves this device (waiting scans stay, for the record).
    manifest = null;
    index();
    forget("manifest");
    forget("recent");
    forget("local");
  }

  function refresh() {
    return fetch(W.manifestUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          return response.json().catch(function () { return {}; }).then(function (data) { block(data.error || "forbidden"); });
        }
        if (!response.ok) return undefined;
        return response.json().then(function (data) {
          manifest = data;
          Object.keys(local).forEach(function (ref) { if (manifest.checked_in[ref]) delete local[ref]; });
          save("manifest", manifest);
          save("local", local);
          syncedAt = syncedAt && syncedAt > data.generated_at ? syncedAt : data.generated_at;
          save("synced", syncedAt);
          index();
          showDoor();
        });
      })
      .catch(function () { /* offline: the kept manifest decides */ })
      .then(counts);
  }

  var box = window.offline.outbox({
    key: "station:" + id,
    url: W.syncUrl,
    csrf: W.csrf,
    field: "scans",
    sent: applyResults,
    refused: function () { /* the server could not read them: they are gone, nothing to show */ },
    failed: function (denied) { if (denied) refresh(); }, // a 403: revoked or expired? the manifest says why
    changed: counts
  });

  // --- Typed search and a badge scanner that types ----------------------------------------------------------------
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function search() {
    var q = fold($("st-q").value.trim());
    var list = $("st-matches");
    list.textContent = "";
    if (!manifest || q.length < 2) return;
    var found = manifest.people.filter(function (person) {
      return fold(person.name).indexOf(q) !== -1 || fold(person.latin).indexOf(q) !== -1 || fold(person.ref).indexOf(q) !== -1;
    }).slice(0, 8);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = W.wNoMatch;
      list.appendChild(none);
      return;
    }
    found.forEach(function (person) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "st-match";
      button.dataset.ref = person.ref;
      var name = document.createElement("strong");
      name.textContent = person.name + (person.latin && person.latin !== person.name ? " · " + person.latin : "");
      var more = document.createElement("small");
      more.textContent = W.wCheckIn + " · " + person.ref + " · " + person.words.join(" · ") + (person.country ? " · " + person.country : "");
      button.append(name, more);
      button.addEventListener("click", function () {
        record({ h: null, ref: person.ref });
        $("st-q").value = "";
        list.textContent = "";
        $("st-result").scrollIntoView({ block: "nearest" });
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }
  $("st-q").addEventListener("input", search);
  $("st-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("st-q").value.trim();
    if (SECRET.test(text) && !byRef[text]) { // what a handheld badge scanner types, then Enter
      $("st-q").value = "";
      $("st-matches").textContent = "";
      scanned(text, true);
      return;
    }
    var first = $("st-matches").querySelector(".st-match");
    if (first) first.click();
  });

  // --- The camera ------------------------------------------------------------------------------------------------
  var lastCode = "";
  var lastAt = 0;
  function hash(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    });
  }
  function scanned(text, typed) {
    var now = Date.now();
    // The camera sees the same badge in many frames: one scan until it has been out of view a moment.
    if (!typed && text === lastCode && now - lastAt < SAME_CODE_MS) { lastAt = now; return; }
    lastCode = text;
    lastAt = now;
    if (!SECRET.test(text)) { record({ h: null, ref: null }); return; }
    hash(text).then(function (h) { record({ h: h, ref: null }); });
  }

  var stream = null;
  var timer = null;
  var video = $("st-video");
  var canvas = $("st-canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  function frame() {
    timer = null;
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      var scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) scanned(code.data);
    }
    timer = window.setTimeout(frame, 120);
  }
  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    window.clearTimeout(timer);
    $("st-video-box").hidden = true;
    $("st-camera").setAttribute("aria-pressed", "false");
    $("st-camera").textContent = W.wCameraOff;
  }
  $("st-camera").addEventListener("click", function () {
    if (stream) { stopCamera(); return; }
    $("st-notice").textContent = "";
    if (!navigator.mediaDevices || !window.jsQR) { $("st-notice").textContent = W.wCameraError; return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
      stream = media;
      video.srcObject = media;
      $("st-video-box").hidden = false;
      $("st-camera").setAttribute("aria-pressed", "true");
      $("st-camera").textContent = W.wCameraOn;
      return video.play();
    }).then(frame).catch(function () {
      stopCamera();
      $("st-notice").textContent = W.wCameraError;
    });
  });

  // --- Start -------------------------------------------------------------------------------------------------------
  index();
  showDoor();
  showRecent();
  if (recent.length) { current = recent[0]; show(current, false); }
  counts();
  window.addEventListener("online", function () { refresh(); counts(); });
  window.addEventListener("offline", counts);
  refresh();
  window.setInterval(refresh, REFRESH_MS);
})();
