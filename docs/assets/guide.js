// Scripts for the full-theme pages (the SOS list has its own, sos.js). Loaded before Material's bundle.
//
// 1. Search on demand. Material requests the whole search index (about 30 KB compressed) as every page loads,
// whether or not anyone searches. On a phone with one bar of signal that download competes with the page itself,
// so it is held back until the reader opens search: focus entering the search box (tap, click, or Material's
// / and s shortcuts) releases it. Material's bundle fetches the index with XMLHttpRequest, so that is where it is held.
//
// 2. The offline worker (sw.js, written by earlyhelp/offline.py) is registered once the page has loaded, so
// level and pathway pages visited here are kept for use with no signal.
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script) {
    window.addEventListener("load", function () {
      var returning = navigator.serviceWorker.controller !== null;
      navigator.serviceWorker.register(new URL("../sw.js", script.src).href).then(function (registration) {
        if (returning) return registration.update(); // a new build at once, as on the SOS list (sos.js)
      }).catch(function () {});
    });
  }

  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.ehSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.ehSearchIndex && !released) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") release(); // the search toggle, on phones
  });
  if (/[?&](?:q|h)=/.test(location.search)) release(); // a shared search link opens search at once
})();
