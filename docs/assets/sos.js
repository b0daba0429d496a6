// SOS list: registers the offline service worker (from any page that loads this file) and, on the SOS page,
// finds the situation an officer types (words from situations.yaml). Without JavaScript the whole list shows.
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

  // "Text these details": a copy button beside each sms: link, for phones that cannot send from a link.
  [].forEach.call(document.querySelectorAll("a.sos-sms"), function (link) {
    if (!navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sos-copy";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      var text = decodeURIComponent(link.getAttribute("href").split("body=")[1]);
      navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed"; });
    });
    link.parentNode.appendChild(button);
  });

  var filter = document.getElementById("sos-filter");
  if (!filter) return;
  var input = document.getElementById("sos-q");
  var count = document.getElementById("sos-count");
  var none = document.getElementById("sos-none");
  var index = document.querySelector(".sos-index"); // for browsing: out of the way while searching
  var sitBox = document.querySelector(".sos-sits");
  // Words that say nothing about the situation: they must not make every situation match.
  var STOP = new Set("a an and at in on of the to for from is are was with my his her their our is been has have got i im we they he she it its there this that who what".split(" "));
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  };
  var tokens = function (text) { return fold(text).split(" ").filter(function (t) { return t && !STOP.has(t); }); };
  // One letter wrong, missing, extra or swapped: the misspellings not already written in situations.yaml.
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 5) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  // How well a typed word fits a word of the data: same, a form of it (harming/harm), a slip, or being typed.
  function fit(q, w) {
    if (q === w) return 3;
    if (w.length >= 4 && q.indexOf(w) === 0) return 2;
    if (near(q, w)) return 2;
    return q.length >= 3 && w.indexOf(q) === 0 ? 1 : 0;
  }
  var sits, items, areas, rare;
  function read() { // on first use, so loading the page does no more work than it must
    sits = [].slice.call(document.querySelectorAll(".sos-sit")).map(function (el, order) {
      var terms = el.getAttribute("data-words").split("|").map(tokens).filter(function (t) { return t.length; });
      var links = [].map.call(el.querySelectorAll(".sos-fit a"), function (a) { return a.hash.slice(5); });
      return { el: el, order: order, terms: terms, links: links };
    });
    items = [].slice.call(document.querySelectorAll(".sos-services .sos-item")).map(function (el, order) {
      var parts = el.querySelectorAll(".sos-for, .sos-who, .sos-needs");
      return { el: el, id: el.getAttribute("data-id"), order: order, areas: el.getAttribute("data-areas").split(" "),
        name: tokens(el.querySelector(".sos-name").textContent),
        words: tokens([].map.call(parts, function (part) { return part.textContent; }).join(" ")) };
    });
    areas = {};
    filter.getAttribute("data-areas").split("|").forEach(function (pair) {
      var kv = pair.split("="); areas[fold(kv[1])] = kv[0];
    });
    rare = {}; // a word in many situations ("child") counts for less than one in a single situation ("dv")
    sits.forEach(function (s) {
      new Set([].concat.apply([], s.terms)).forEach(function (w) { rare[w] = (rare[w] || 0) + 1; });
    });
  }
  function score(sit, words) {
    var total = 0;
    words.forEach(function (q) {
      var best = 0;
      sit.terms.forEach(function (term) {
        term.forEach(function (w) { best = Math.max(best, fit(q, w) / rare[w]); });
      });
      total += best;
    });
    sit.terms.forEach(function (term) { // a whole phrase of the data typed ("county lines") counts most
      if (term.length > 1 && term.every(function (w) { return words.indexOf(w) !== -1; })) total += term.length;
    });
    return total;
  }

  function apply() {
    if (!sits) read();
    var words = tokens(input.value);
    var area = null;
    words = words.filter(function (w) { if (areas[w] && areas[w] !== "citywide") { area = areas[w]; return false; } return true; });
    var searching = words.length > 0 || area !== null;
    var linked = new Set(), shown = 0, listed = 0;
    var ranked = sits.map(function (s) { return { s: s, score: words.length ? score(s, words) : 0 }; });
    ranked.sort(function (a, b) { return b.score - a.score || a.s.order - b.s.order; });
    ranked.forEach(function (r) {
      var match = !searching || r.score > 0;
      r.s.el.hidden = !match;
      if (sitBox) sitBox.appendChild(r.s.el); // best first; the data's order when nothing is typed
      if (match && searching) { shown++; r.s.links.forEach(function (id) { linked.add(id); }); }
    });
    var has = function (list) {
      return function (q) { return list.some(function (w) { return fit(q, w) > 0; }); };
    };
    items.forEach(function (item) { // its name typed first, then its other words, then those a situation names
      var name = words.length > 0 && words.every(has(item.name));
      var named = name || (words.length > 0 && words.every(has(item.name.concat(item.words))));
      var here = area === null || item.areas.indexOf(area) !== -1 || item.areas.indexOf("citywide") !== -1;
      var match = !searching || (here && (words.length === 0 || named || linked.has(item.id)));
      item.rank = name ? 2 : named ? 1 : 0;
      item.el.hidden = !match;
      if (match) listed++;
    });
    items.slice().sort(function (a, b) { return b.rank - a.rank || a.order - b.order; })
      .forEach(function (item) { item.el.parentNode.appendChild(item.el); });
    none.hidden = !searching || shown + listed > 0;
    if (index) index.hidden = searching;
    var n = function (k, word) { return k + " " + word + (k === 1 ? "" : "s"); };
    count.textContent = searching ? n(shown, "situation") + " and " + n(listed, "service") + " match" : "";
  }

  input.addEventListener("input", apply);
  filter.hidden = false;
  if (input.value) apply(); // the browser may restore a typed filter on back/forward

  var print = document.getElementById("sos-print");
  if (print && window.print) {
    print.addEventListener("click", function () { window.print(); });
    print.hidden = false;
  }
})();
