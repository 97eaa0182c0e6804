// While a PDF is rendered by the worker, polls its state and reloads the page once it is no
// longer pending, so the download (or the error) appears. Driven by the element #pdf-state:
//   data-state    the state the page shows
//   data-pending  the states that are still pending, separated by spaces ("queued running")
//   data-url      a JSON endpoint answering {"state": "..."} in the same terms
// The element has role="status". After a reload this script made, the keyboard focus goes to
// the new state (not to the top of the page), so keyboard and screen-reader users continue
// where they were and hear the result. Without JavaScript, reloading the page by hand shows
// the same. Used by council papers and evaluation reports.
(function () {
  "use strict";
  var INTERVAL = 3000;
  var RELOADED = "pdf-state-reloaded";
  var el = document.getElementById("pdf-state");
  if (!el) return;

  if (window.sessionStorage.getItem(RELOADED) === window.location.pathname) {
    window.sessionStorage.removeItem(RELOADED);
    el.setAttribute("tabindex", "-1");
    el.focus();
  }

  if (!el.dataset.url) return;
  var pending = (el.dataset.pending || "").split(/\s+/).filter(Boolean);
  if (pending.indexOf(el.dataset.state) === -1) return;

  function poll() {
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (pending.indexOf(data.state) === -1) {
          window.sessionStorage.setItem(RELOADED, window.location.pathname);
          window.location.reload();
        } else {
          window.setTimeout(poll, INTERVAL);
        }
      })
      // Logged out, offline, a server error: stop polling; reloading by hand still works.
      .catch(function () {});
  }

  window.setTimeout(poll, INTERVAL);
})();
