// Roll-call: every tap is one POST with a mark id made here. Marks wait in localStorage until the server has
// answered, so a dropped connection or a closed tab loses nothing; they are sent in order when the connection
// returns (the `online` event and a timer). The server ignores a mark id it has seen, so a resend is harmless.
(function () {
  "use strict";
  var root = document.getElementById("rollcall");
  var form = document.getElementById("rc-form");
  if (!root || !form || !window.fetch || !window.localStorage) return;
  var url = root.dataset.marksUrl;
  var key = "rollcall:" + root.dataset.session + ":queue";
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var BATCH = 50;
  var RETRY_MS = 5000;
  var sending = false;
  var failing = false;
  var refused = [];
  var messages = { saved: root.dataset.msgSaved, waiting: root.dataset.msgWaiting, refused: root.dataset.msgRefused };

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function save() {
    try { localStorage.setItem(key, JSON.stringify(queue)); } catch (e) { /* private mode: the queue stays in memory */ }
  }
  var queue = load();

  function uuid() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  function row(enrollment) { return document.getElementById("row-" + enrollment); }
  function label(r, status) {
    var button = r && r.querySelector('.rc-btn[value$=":' + status + '"]');
    return button ? button.textContent : status;
  }
  function show(r, status, state) {
    if (!r) return;
    r.dataset.status = status || "";
    r.querySelectorAll(".rc-btn").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value.split(":")[1] === status ? "true" : "false");
    });
    var box = r.querySelector(".rc-state");
    box.dataset.state = state || "";
    box.textContent = state ? messages[state] : "";
  }
  function waitingFor(enrollment) {
    return queue.some(function (mark) { return mark.enrollment === enrollment; });
  }
  function counts() {
    document.getElementById("rc-waiting").textContent = queue.length;
    document.getElementById("rc-waiting-box").dataset.waiting = String(queue.length);
    document.getElementById("rc-marked").textContent = form.querySelectorAll('.rc-row:not([data-status=""])').length;
    var line = document.getElementById("rc-connection");
    line.textContent = !navigator.onLine || failing ? root.dataset.msgOffline : "";
  }
  function showRefused() {
    var box = document.getElementById("rc-refused");
    var list = document.getElementById("rc-refused-list");
    document.getElementById("rc-refused-title").textContent = root.dataset.msgNotApplied;
    list.textContent = "";
    refused.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item;
      list.appendChild(li);
    });
    box.hidden = refused.length === 0;
  }
  function enqueue(enrollment, status) {
    queue.push({ id: uuid(), enrollment: enrollment, status: status, at: new Date().toISOString(), offline: !navigator.onLine });
    show(row(enrollment), status, "waiting");
  }
  function failed(loginExpired) {
    failing = true;
    queue.forEach(function (mark) { mark.offline = true; });
    save();
    counts();
    if (loginExpired) document.getElementById("rc-connection").textContent = root.dataset.msgLogin;
  }
  function applyResults(data, batch) {
    var byId = {};
    (data.results || []).forEach(function (result) { byId[result.id] = result; });
    var done = {};
    batch.forEach(function (mark) { done[mark.id] = true; });
    queue = queue.filter(function (mark) { return !done[mark.id]; });
    batch.forEach(function (mark) {
      var result = byId[mark.id];
      var r = row(mark.enrollment);
      var later = waitingFor(mark.enrollment);
      if (!result) return;
      if (result.outcome === "refused") {
        refused.push((r ? r.dataset.name : mark.enrollment) + " – " + label(r, mark.status) + ": " + result.message);
        if (!later) show(r, result.status, "refused");
      } else if (!later) {
        show(r, result.status, "saved");
      }
    });
    save();
    showRefused();
  }
  function flush() {
    if (sending || queue.length === 0) { counts(); return; }
    sending = true;
    var batch = queue.slice(0, BATCH);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ marks: batch })
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) { failed(true); return null; }
      if (response.status === 400) {
        // The server could not read these marks: resending them would never work.
        return response.json().then(function (data) {
          applyResults({ results: batch.map(function (mark) {
            return { id: mark.id, outcome: "refused", status: "", message: data.error || "" };
          }) }, batch);
          return true;
        });
      }
      if (!response.ok) { failed(false); return null; }
      return response.json().then(function (data) { applyResults(data, batch); return true; });
    }).catch(function () {
      failed(false);
      return null;
    }).then(function (ok) {
      sending = false;
      if (ok) failing = false;
      counts();
      if (ok && queue.length) flush();
    });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button) return; // an old browser: the form posts as without JavaScript
    if (button.name === "mark") {
      event.preventDefault();
      var parts = button.value.split(":");
      enqueue(parseInt(parts[0], 10), parts[1]);
    } else if (button.name === "all_present") {
      event.preventDefault();
      form.querySelectorAll('.rc-row[data-status=""]').forEach(function (r) {
        enqueue(parseInt(r.dataset.enrollment, 10), "present");
      });
    } else {
      return;
    }
    save();
    counts();
    flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", counts);
  window.setInterval(flush, RETRY_MS);

  // Marks left from an earlier visit (the tab was closed while offline) show as waiting, then go out.
  queue.forEach(function (mark) { show(row(mark.enrollment), mark.status, "waiting"); });
  counts();
  flush();
})();
