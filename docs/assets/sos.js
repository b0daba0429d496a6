// SOS list: registers the offline service worker (from any page that loads this file) and, on the SOS page,
// filters the list as the officer types. Without JavaScript the whole list shows, grouped by need.
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script) {
    // After the page has loaded, so the worker's downloads never compete with the page's own. sw.js sits at the
    // site root (this file is in assets/), so its scope covers the whole site.
    window.addEventListener("load", function () {
      var returning = navigator.serviceWorker.controller !== null;
      navigator.serviceWorker.register(new URL("../sw.js", script.src).href).then(function (registration) {
        // A returning visit asks for a new build at once: the browser's own check after a navigation may be
        // deferred while the page is busy, and an officer should not keep a moved number for a visit longer.
        if (returning) registration.update().catch(function () {});
        // The SOS page (data-warm) then asks the worker to save the level and pathway pages in the background.
        // Other pages do not: a visit to one page of the guide should not download forty more.
        if (script.hasAttribute("data-warm")) {
          return navigator.serviceWorker.ready.then(function (ready) { ready.active.postMessage("warm"); });
        }
      }).catch(function () {});
    });
  }

  var form = document.getElementById("sos-filter");
  if (!form) return;
  var input = document.getElementById("sos-q");
  var count = document.getElementById("sos-count");
  var none = document.getElementById("sos-none");
  var groups = [].slice.call(document.querySelectorAll(".sos-group"));
  var needs = document.querySelector(".sos-needs-nav"); // for browsing: out of the way while filtering
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  };
  // What the filter matches: name, summary, who (ages, areas, organisation) and needs; not the whole entry.
  // Read on first use, so loading the page does no more work than it must.
  var items, total;
  function index() {
    items = [].slice.call(document.querySelectorAll(".sos-group .sos-item")).map(function (item) {
      var parts = item.querySelectorAll(".sos-name, .sos-for, .sos-who, .sos-needs");
      var text = [].map.call(parts, function (part) { return part.textContent; }).join(" ");
      return { item: item, id: item.getAttribute("data-id"), text: fold(text) };
    });
    total = new Set(items.map(function (entry) { return entry.id; })).size;
  }

  function apply() {
    if (!items) index();
    var words = fold(input.value).trim().split(" ").filter(Boolean);
    var shown = new Set();
    items.forEach(function (entry) {
      var match = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
      entry.item.hidden = !match;
      if (match) shown.add(entry.id);
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector(".sos-item:not([hidden])"); });
    none.hidden = shown.size > 0;
    if (needs) needs.hidden = words.length > 0;
    count.textContent = words.length ? shown.size + " of " + total + " services shown" : "";
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("input", apply);
  form.hidden = false;
  if (input.value) apply(); // the browser may restore a typed filter on back/forward

  var print = document.getElementById("sos-print");
  if (print && window.print) {
    print.addEventListener("click", function () { window.print(); });
    print.hidden = false;
  }
})();
