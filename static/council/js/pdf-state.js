// Polls the rendering state of a paper's PDF while it is queued or running, then reloads
// the page so the download appears. Without JavaScript, reloading the page shows the same.
(function () {
  "use strict";
  var el = document.getElementById("pdf-state");
  if (!el) return;
  var pending = ["queued", "running"];
  if (pending.indexOf(el.dataset.state) === -1) return;
  var timer = window.setInterval(function () {
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (pending.indexOf(data.state) === -1) {
          window.clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () { window.clearInterval(timer); });
  }, 3000);
})();
