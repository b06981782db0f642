// The "Copy the link" button beside a link a person must keep (the follow-up link of a safeguarding report,
// templates/safeguarding/report_done.html): <button data-copy="<input id>" data-copy-status="<status id>"
// data-copied="..." data-copy-failed="..." hidden>. Without this script the button stays hidden and the link can
// be selected by hand; the clipboard needs a secure page (HTTPS), else the link is selected for the person to copy.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!input) {
      return;
    }
    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      input.focus();
      input.select();
      if (!navigator.clipboard || !window.isSecureContext) {
        say(button.dataset.copyFailed);
        return;
      }
      navigator.clipboard.writeText(input.value).then(
        function () { say(button.dataset.copied); },
        function () { say(button.dataset.copyFailed); }
      );
    });
  });
})();
