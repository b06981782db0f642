// Registration form: a group of questions is shown only while its checkbox is ticked. Without JavaScript every
// question stays visible.
(function () {
  "use strict";
  function showWhenTicked(boxId, fieldsId) {
    var box = document.getElementById(boxId);
    var fields = document.getElementById(fieldsId);
    if (!box || !fields) return;
    function sync() { fields.hidden = !box.checked; }
    box.addEventListener("change", sync);
    sync();
  }
  // Passport fields, only when a visa invitation letter is needed.
  showWhenTicked("id_needs_visa_letter", "visa-fields");
  // The guardian and chaperone questions, only for a youth delegate.
  showWhenTicked("id_is_youth", "youth-fields");
})();
