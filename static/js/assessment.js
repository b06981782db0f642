// A test attempt on a phone: every question is in the page, one is shown at a time. Each answer is queued in the
// offline layer's outbox (static/js/offline.js) and sent at once: it waits in localStorage until the server has
// answered, so a dropped connection, a closed tab or a reload while offline (the page then comes from the service
// worker) loses nothing, and the attempt opens again at its first unanswered question. The server saves an answer
// only if it receives it before the attempt's end plus its grace, by its own clock; the countdown here only shows
// the server's end (corrected by the server's clock as its answers tell it). Without JavaScript each question is a
// form that posts its answer and moves to the next.
(function () {
  "use strict";
  var root = document.getElementById("test");
  if (!root || !window.fetch || !window.localStorage || !window.offline) return;
  var forms = Array.prototype.slice.call(root.querySelectorAll(".t-question"));
  if (!forms.length) return;
  var CLOCK = "offline-kept:clock"; // server time minus this device's, from the last server answer
  var GIVEN = "offline-kept:answers:" + root.dataset.attempt; // {position: choices} given on this phone
  var loginExpired = false;
  var closed = Boolean(document.getElementById("t-over"));
  var token = forms[0].querySelector("input[name=csrfmiddlewaretoken]").value;
  var box = window.offline.outbox({
    key: "attempt:" + root.dataset.attempt,
    url: root.dataset.answersUrl,
    csrf: token,
    field: "answers",
    sent: applyResults,
    refused: function (batch, data) { refuse(data.error || ""); },
    failed: function (login) { loginExpired = login; },
    changed: counts
  });

  function form(position) { return document.getElementById("q-" + position); }
  function picked(f) {
    return Array.prototype.map.call(f.querySelectorAll("input[name=choice]:checked"), function (input) {
      return parseInt(input.value, 10);
    });
  }
  function state(f, name) {
    var note = f.querySelector(".t-state");
    note.dataset.state = name || "";
    note.textContent = name ? root.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] : "";
  }
  function waiting(position) {
    return box.items().some(function (answer) { return answer.position === position; });
  }
  function answered(f) { return picked(f).length > 0 && f.querySelector(".t-state").dataset.state !== ""; }
  function navLink(position) { return root.querySelector('.t-nav-link[data-position="' + position + '"]'); }
  function counts() {
    var done = forms.filter(answered).length;
    document.getElementById("t-answered").textContent = done;
    forms.forEach(function (f) {
      var link = navLink(f.dataset.position);
      if (!link) return;
      link.classList.toggle("btn-secondary", answered(f));
      link.classList.toggle("btn-outline-secondary", !answered(f));
    });
    var line = document.getElementById("t-connection");
    if (loginExpired) line.textContent = root.dataset.msgLogin;
    else line.textContent = box.items().length && (!navigator.onLine || box.failing()) ? root.dataset.msgOffline : "";
  }
  function show(position) {
    forms.forEach(function (f) { f.hidden = f.dataset.position !== String(position); });
    root.querySelectorAll(".t-nav-link").forEach(function (link) {
      if (link.dataset.position === String(position)) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    var shown = form(position);
    if (shown) shown.querySelector("legend").focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  function next(after) {
    var later = forms.filter(function (f) { return parseInt(f.dataset.position, 10) > after && !answered(f); });
    var first = forms.filter(function (f) { return !answered(f); });
    var target = later[0] || first[0];
    if (target) show(target.dataset.position);
    else if (after) document.getElementById("t-finish").focus();
  }
  function refuse(message) {
    var alert = document.getElementById("t-refused");
    alert.textContent = message;
    alert.hidden = !message;
  }
  function close() {
    closed = true;
    forms.forEach(function (f) {
      f.querySelectorAll("input, button").forEach(function (element) { element.disabled = true; });
    });
  }
  function applyResults(batch, data) {
    loginExpired = false;
    if (typeof data.now === "number") localStorage.setItem(CLOCK, String(data.now - Date.now()));
    var messages = [];
    (data.results || []).forEach(function (result) {
      var f = form(result.position);
      if (!f || waiting(result.position)) return; // a later answer to it is on its way
      if (result.outcome === "saved") state(f, "saved");
      else { state(f, ""); given(result.position, null); messages.push(result.message); }
    });
    refuse(messages.filter(function (m, i) { return m && messages.indexOf(m) === i; }).join(" "));
    if (data.closed) close();
    counts();
    window.offline.refresh(); // the copy kept for offline use shows these answers as saved
  }

  forms.forEach(function (f) {
    f.addEventListener("submit", function (event) {
      event.preventDefault();
      if (closed) return;
      var position = parseInt(f.dataset.position, 10);
      var choices = picked(f);
      if (!choices.length) { refuse(root.dataset.msgChoose); return; }
      refuse("");
      given(position, choices);
      state(f, "waiting");
      box.add({ position: position, choices: choices, at: new Date().toISOString(), offline: !navigator.onLine });
      counts();
      next(position);
    });
  });
  root.querySelectorAll(".t-nav-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(link.dataset.position);
    });
  });
  document.getElementById("t-finish").addEventListener("click", function (event) {
    if (!box.items().length) return; // every answer is on the server: on to the submission page
    event.preventDefault();
    refuse(navigator.onLine && !box.failing() ? root.dataset.msgSending : root.dataset.msgSubmitOffline);
    box.flush();
    var tries = 0;
    var wait = window.setInterval(function () {
      tries += 1;
      if (!box.items().length) { window.clearInterval(wait); location.href = event.target.href; }
      else if (tries > 20) { window.clearInterval(wait); refuse(root.dataset.msgSubmitOffline); }
    }, 500);
  });

  // The countdown to the server's end, by the server's clock as far as this phone knows it.
  var ends = parseInt(root.dataset.ends, 10);
  var countdown = document.getElementById("t-countdown");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var offset = parseInt(localStorage.getItem(CLOCK) || "0", 10) || 0;
    var left = Math.max(0, Math.round((ends - (Date.now() + offset)) / 1000));
    var days = Math.floor(left / 86400);
    var text = pad(Math.floor((left % 86400) / 3600)) + ":" + pad(Math.floor((left % 3600) / 60)) + ":" + pad(left % 60);
    countdown.textContent = (days ? days + " · " : "") + text;
    if (left < 120) countdown.dataset.low = "";
    if (left === 0) countdown.textContent = root.dataset.msgOver;
  }
  if (ends) { tick(); window.setInterval(tick, 1000); }

  // What this phone answered, saved or not yet: the copy of the page kept offline may be older than the answers the
  // server has from this phone, and the page must show them as given.
  function given(position, choices) {
    var all = {};
    try { all = JSON.parse(localStorage.getItem(GIVEN) || "{}") || {}; } catch (e) { all = {}; }
    if (position === undefined) return all;
    if (choices) all[position] = choices;
    else delete all[position];
    localStorage.setItem(GIVEN, JSON.stringify(all));
    return all;
  }
  function check(f, choices) {
    f.querySelectorAll("input[name=choice]").forEach(function (input) {
      input.checked = choices.indexOf(parseInt(input.value, 10)) !== -1;
    });
  }
  // Answers of an earlier visit (the tab was closed, or reloaded, while offline) show as given, those still in the
  // outbox as waiting; the attempt goes on at the first question still unanswered (or the one in the URL).
  var earlier = given();
  Object.keys(earlier).forEach(function (position) {
    var f = form(position);
    if (f && !waiting(parseInt(position, 10))) { check(f, earlier[position]); state(f, "saved"); }
  });
  box.items().forEach(function (answer) {
    var f = form(answer.position);
    if (f) { check(f, answer.choices); state(f, "waiting"); }
  });
  if (closed) close();
  if (!root.dataset.position) next(0);
  window.addEventListener("offline", counts);
  window.addEventListener("online", counts);
  counts();
  box.flush();
})();
