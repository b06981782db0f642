// Long forms: after a refused submission, move focus (and the screen) to the summary of what needs correcting.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
