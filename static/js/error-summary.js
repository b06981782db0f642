// After a refused submission, move focus (and the screen) to the summary of what needs correcting
// (templates/includes/form_error_summary.html, at the top of every form crispy renders).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
