/* The peer-groups page: once the background job forming the groups has finished (the status
   box, kept up to date by background/jobs.js, loses its active mark), reload the page so that
   it shows the groups, or the sentence saying why there are none. */
(function () {
  "use strict";

  var box = document.querySelector("[data-job-poll][data-reload-when-done]");
  if (!box || !box.querySelector("[data-job-active]")) { return; }
  new MutationObserver(function () {
    if (!box.querySelector("[data-job-active]")) { window.location.reload(); }
  }).observe(box, { childList: true, subtree: true });
})();
