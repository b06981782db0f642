// A print or e-mail job's page (templates/documents/jobs/detail.html): poll the job's status every 2 s, move the
// progress bar, reload the page once the job is over.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !box.dataset.statusUrl) return;
  var bar = box.querySelector("[data-job-bar]");
  var count = box.querySelector("[data-job-count]");
  var status = box.querySelector("[data-job-status]");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (count) { count.textContent = data.count_display; }
        if (status) { status.firstElementChild.textContent = data.status_display; }
        if (data.over) { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
