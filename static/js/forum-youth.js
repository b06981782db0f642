// Registration form: the guardian and chaperone questions are shown only for a youth delegate.
(function () {
  "use strict";
  var box = document.getElementById("id_is_youth");
  var fields = document.getElementById("youth-fields");
  if (!box || !fields) return;
  function sync() { fields.hidden = !box.checked; }
  box.addEventListener("change", sync);
  sync();
})();
