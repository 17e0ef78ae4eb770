/* Follows a background job on its page: asks the server for the job's status every few seconds
   while the job waits or runs, and shows the answer in place (the progress bar, then the
   download link or the error). Without this script the page says to reload it. */
(function () {
  "use strict";

  var box = document.querySelector("[data-job-poll]");
  if (!box) { return; }
  var DELAY = 1500;
  var RETRY = 5000;

  function active() { return box.querySelector("[data-job-active]") !== null; }

  function poll() {
    fetch(box.dataset.jobPoll, {
      credentials: "same-origin", cache: "no-store", headers: { "HX-Request": "true" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      // Replaced only when something changed, so a screen reader is not read the same again.
      if (html.trim() !== box.innerHTML.trim()) { box.innerHTML = html; }
      if (active()) { setTimeout(poll, DELAY); }
    }).catch(function () {
      setTimeout(poll, RETRY);
    });
  }

  if (active()) { setTimeout(poll, DELAY); }
})();
