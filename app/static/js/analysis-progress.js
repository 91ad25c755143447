/* Ratschlag: live progress of an analysis run (progressive enhancement).
   Polls the run's small JSON status endpoint, updates the <progress> bar and the
   aria-live status text, and reloads the page once the run has finished or failed.
   Without JavaScript the page offers a refresh link instead. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  if (!panel || !window.fetch) { return; }
  var url = panel.getAttribute("data-status-url");
  var bar = document.getElementById("analysis-progress-bar");
  var text = document.getElementById("analysis-progress-text");
  var delay = 2000;
  var lastText = text ? text.textContent : "";

  function show(status) {
    if (bar) { bar.value = status.progress; bar.textContent = status.progress + " %"; }
    // Only touch the live region when the text changes, so screen readers are not flooded.
    if (text && status.text !== lastText) { text.textContent = status.text; lastText = status.text; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (status) {
        show(status);
        if (status.done) { window.location.reload(); return; }
        delay = 2000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);  // the server may be busy: back off, keep trying
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
}());
