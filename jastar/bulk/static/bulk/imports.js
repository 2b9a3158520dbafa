/* The progress page of an import (bulk/import_progress.html): while the job is queued or
   running, fetch its numbers from progress.json every 1.5 s and write them into the page;
   stop once it has ended. Without this script the page offers a "refresh" link instead.

   The server sends every text already translated and formatted; this only copies it:
   [data-field="text.done"] gets that value, [data-show="report"] is shown when show.report
   is true, the <progress> bar gets bar.value of bar.max. */
(function () {
  "use strict";

  var INTERVAL = 1500;
  var region = document.querySelector("[data-progress-url]");
  if (!region || !window.fetch || region.getAttribute("data-active") !== "true") {
    return;
  }
  var url = region.getAttribute("data-progress-url");
  var page = region.closest(".imports") || document;
  var refresh = page.querySelectorAll("[data-nojs]");

  function setHidden(elements, hidden) {
    elements.forEach(function (el) { el.hidden = hidden; });
  }

  function lookup(data, path) {
    return path.split(".").reduce(function (value, key) {
      return value == null ? value : value[key];
    }, data);
  }

  function render(data) {
    page.querySelectorAll("[data-field]").forEach(function (el) {
      var value = lookup(data, el.getAttribute("data-field"));
      var text = value == null ? "" : String(value);
      if (el.textContent !== text) {
        el.textContent = text;  // only on change, so screen readers hear news, not noise
      }
    });
    page.querySelectorAll("[data-show]").forEach(function (el) {
      el.hidden = !data.show[el.getAttribute("data-show")];
    });
    page.querySelectorAll("[data-status-class]").forEach(function (el) {
      el.className = "status status-" + data.status;
    });
    var bar = page.querySelector("progress");
    if (bar) {
      bar.max = data.bar.max;
      bar.value = data.bar.value;
      bar.textContent = data.text.percent;
    }
    document.title = document.title.replace(/^[^·]*·/, data.status_label + " ·");
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        setHidden(refresh, true);
        render(data);
        if (data.show.active) {
          window.setTimeout(poll, INTERVAL);
        }
      })
      .catch(function () {
        // Offline for a moment, or signed out: offer the link, and keep trying slowly.
        setHidden(refresh, false);
        window.setTimeout(poll, INTERVAL * 4);
      });
  }

  setHidden(refresh, true);
  window.setTimeout(poll, INTERVAL);
})();
