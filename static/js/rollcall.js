// Roll-call: every tap is a mark with an id made here, queued in the offline layer's outbox (static/js/offline.js):
// marks wait in localStorage until the server has answered, so a dropped connection, a closed tab or a reload
// while offline (the page then comes from the service worker) loses nothing; they are sent in order when the
// connection returns. The server ignores a mark id it has seen, so a resend is harmless.
(function () {
  "use strict";
  var root = document.getElementById("rollcall");
  var form = document.getElementById("rc-form");
  if (!root || !form || !window.fetch || !window.localStorage || !window.offline) return;
  var refused = [];
  var loginExpired = false;
  var messages = { saved: root.dataset.msgSaved, waiting: root.dataset.msgWaiting, refused: root.dataset.msgRefused };
  var box = window.offline.outbox({
    key: "rollcall:" + root.dataset.session,
    url: root.dataset.marksUrl,
    csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value,
    field: "marks",
    sent: applyResults,
    refused: function (batch, data) {
      // The server could not read these marks: resending them would never work.
      applyResults(batch, { results: batch.map(function (mark) {
        return { id: mark.id, outcome: "refused", status: "", message: data.error || "" };
      }) });
    },
    failed: function (login) { loginExpired = login; },
    changed: counts
  });

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
    var note = r.querySelector(".rc-state");
    note.dataset.state = state || "";
    note.textContent = state ? messages[state] : "";
  }
  function waitingFor(enrollment) {
    return box.items().some(function (mark) { return mark.enrollment === enrollment; });
  }
  function counts() {
    var waiting = box.items().length;
    document.getElementById("rc-waiting").textContent = waiting;
    document.getElementById("rc-waiting-box").dataset.waiting = String(waiting);
    document.getElementById("rc-marked").textContent = form.querySelectorAll('.rc-row:not([data-status=""])').length;
    var line = document.getElementById("rc-connection");
    if (loginExpired) line.textContent = root.dataset.msgLogin;
    else line.textContent = !navigator.onLine || box.failing() ? root.dataset.msgOffline : "";
  }
  function showRefused() {
    var list = document.getElementById("rc-refused-list");
    document.getElementById("rc-refused-title").textContent = root.dataset.msgNotApplied;
    list.textContent = "";
    refused.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item;
      list.appendChild(li);
    });
    document.getElementById("rc-refused").hidden = refused.length === 0;
  }
  function mark(enrollment, status) {
    show(row(enrollment), status, "waiting");
    return { enrollment: enrollment, status: status, at: new Date().toISOString(), offline: !navigator.onLine };
  }
  function applyResults(batch, data) {
    loginExpired = false;
    var byId = {};
    (data.results || []).forEach(function (result) { byId[result.id] = result; });
    batch.forEach(function (sent) {
      var result = byId[sent.id];
      var r = row(sent.enrollment);
      var later = waitingFor(sent.enrollment);
      if (!result) return;
      if (result.outcome === "refused") {
        refused.push((r ? r.dataset.name : sent.enrollment) + " – " + label(r, sent.status) + ": " + result.message);
        if (!later) show(r, result.status, "refused");
      } else if (!later) {
        show(r, result.status, "saved");
      }
    });
    showRefused();
    window.offline.refresh(); // the copy of the page kept for offline use shows these marks too
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button) return; // an old browser: the form posts as without JavaScript
    if (button.name === "mark") {
      event.preventDefault();
      var parts = button.value.split(":");
      box.add(mark(parseInt(parts[0], 10), parts[1]));
    } else if (button.name === "all_present") {
      event.preventDefault();
      var marks = [];
      form.querySelectorAll('.rc-row[data-status=""]').forEach(function (r) {
        marks.push(mark(parseInt(r.dataset.enrollment, 10), "present"));
      });
      box.add(marks);
    }
    counts();
  });
  window.addEventListener("offline", counts);

  // Marks queued by the roll-call before the offline layer, under its own key, join the outbox (with their ids).
  try {
    var legacy = "rollcall:" + root.dataset.session + ":queue";
    var earlier = JSON.parse(localStorage.getItem(legacy) || "[]");
    localStorage.removeItem(legacy);
    if (Array.isArray(earlier) && earlier.length) box.add(earlier);
  } catch (e) { /* nothing readable there */ }
  // Marks left from an earlier visit (the tab was closed, or reloaded, while offline) show as waiting, then go out.
  box.items().forEach(function (waiting) { show(row(waiting.enrollment), waiting.status, "waiting"); });
  counts();
  box.flush();
})();
