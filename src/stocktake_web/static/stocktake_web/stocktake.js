/* Drop-down lists marked data-autosubmit (the language menu, the dashboard's round picker)
   submit their form when a choice is made; without scripts a button does it. Answers are
   saved as people type by js/autosave.js, on the answer page only. Forms saved by a button
   and marked data-warn-unsaved (a screening's score sheet) have the browser ask before a page
   with typed, unsaved changes is left. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select) { select.form.submit(); }
  });

  // A sheet shown again with problems (a conflict, a value off the scale) holds typing that is
  // not saved yet.
  var unsaved = document.querySelector("form[data-warn-unsaved='pending']") !== null;
  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.hasAttribute("data-warn-unsaved")) {
      unsaved = true;
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-warn-unsaved")) { unsaved = false; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
