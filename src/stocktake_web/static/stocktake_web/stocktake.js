/* Drop-down lists marked data-autosubmit (the language menu, the dashboard's round picker)
   submit their form when a choice is made; without scripts a button does it. Answers are
   saved as people type by js/autosave.js, on the answer page only. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select) { select.form.submit(); }
  });
})();
