/* Autosave of an answer, through htmx (js/htmx.min.js, loaded before this file).

   The answer form says how it is saved (answer.html): htmx posts it a moment after each change
   (hx-trigger), one save at a time with the latest change queued behind it (hx-sync), and puts
   the status the server sends back into #save-status (hx-target); the server tells an autosave
   from a plain submission by htmx's HX-Request header. This file adds what is particular to
   answers: the version a save was based on follows each save, a conflict pauses saving until
   the person settles it, a file is sent once and only when chosen, and one over the size limit
   is refused before any of it is sent. Without scripts the form submits normally. */
(function () {
  "use strict";

  // No inline style element and no evaluated code: the Content-Security-Policy allows neither.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  // A conflict (409) and an answer the server refuses (422) come with a status to show.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "409|422", swap: true, error: true },
    { code: "...", swap: false, error: true }
  ];

  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var file = form.elements.file;
  var paused = false;
  var fileChosen = false;
  var fileSent = false;

  // The server checks every field and says what is wrong in the status; the browser's own
  // checks would stop a save without a word.
  form.noValidate = true;

  function show(state, text, className) {
    status.dataset.state = state;
    if (text !== undefined) {
      var line = document.createElement("p");
      line.textContent = text;
      if (className) { line.className = className; }
      status.replaceChildren(line);
    }
  }

  function tooLarge(input) {
    var limit = Number(input.dataset.maxBytes || 0);
    return limit > 0 && input.files && input.files.length > 0 && input.files[0].size > limit;
  }

  if (file) {
    file.addEventListener("input", function (event) {
      if (tooLarge(file)) {
        // Refused here rather than after minutes of upload; the server checks again anyway.
        // Stopped before it reaches the form, so htmx does not save for it.
        event.stopPropagation();
        file.value = "";
        show("problem", form.dataset.tooLargeText, "errorlist");
        return;
      }
      fileChosen = true;
    });
  }

  form.addEventListener("htmx:confirm", function (event) {
    if (paused) { event.preventDefault(); }
  });

  form.addEventListener("htmx:configRequest", function (event) {
    if (!fileChosen) { event.detail.formData.delete("file"); }
    fileSent = fileChosen;
    fileChosen = false;
  });

  form.addEventListener("htmx:beforeRequest", function () {
    show("saving", form.dataset.savingText);
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var saved = xhr.status >= 200 && xhr.status < 300;
    var version = xhr.getResponseHeader("X-Answer-Version");
    if (saved && version !== null) { form.elements.base_version.value = version; }
    if (xhr.getResponseHeader("X-Answer-Conflict")) { paused = true; }
    if (saved && fileSent && !fileChosen) { file.value = ""; }
    if (xhr.status !== 0) { show(saved ? "saved" : "problem"); }
  });

  form.addEventListener("htmx:sendError", function () {
    show("problem", form.dataset.offlineText);
  });
})();
