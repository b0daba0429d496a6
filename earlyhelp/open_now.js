// Open now: puts the line answered now first in each list of numbers and says which are open, by Sunderland's
// clock (not the phone's time zone), offline. The build writes the schedules in below (earlyhelp/open_now.py);
// the states and the order follow earlyhelp/hours.py and numbers.py, which the tests compare it with.
// Without this script every list keeps the build's order (24-hour lines first) with the hours in words.
(function () {
  "use strict";
  var T = /*TABLE*/null;
  if (!T || !window.Intl) return;
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var RANK = { open: 0, maybe: 1, unknown: 2, closed: 3 };
  var clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short", year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  function here(t) { // Sunderland's date, weekday and minute of the week
    var p = {};
    clock.formatToParts(t).forEach(function (x) { p[x.type] = x.value; });
    var day = DAYS.indexOf(p.weekday), hour = +p.hour % 24;
    return { date: p.year + "-" + p.month + "-" + p.day, day: day, minute: day * 1440 + hour * 60 + +p.minute };
  }
  function holiday(date) { return date < T.from || date > T.to ? null : T.bh.indexOf(date) !== -1; }
  function isOpen(r, minute, hol) { // r: [windows, bank-holiday rule, inverted]; null when the sources can't say
    var usual = r[0].some(function (w) { return w[0] <= minute && minute < w[1]; }), a;
    if (r[1] === "u" || hol === false) a = usual;
    else {
      var on = r[1] === "o" ? true : r[1] === "c" ? false : (usual ? null : false);
      a = hol === true || usual === on ? on : null;
    }
    return a === null || !r[2] ? a : !a;
  }
  function state(id, t) {
    var s = T.s[id];
    if (!s) return "unknown";
    var h = here(t), hol = holiday(h.date), seen = {};
    s.forEach(function (r) { seen[String(isOpen(r, h.minute, hol))] = true; });
    var n = Object.keys(seen);
    return n.length === 1 && seen["true"] ? "open" : n.length === 1 && seen["false"] ? "closed" : "maybe";
  }
  function words(t, now) { // "8.30am Monday", "5pm today"
    var h = here(t), m = h.minute % 1440, hr = Math.floor(m / 60), mi = m % 60;
    var time = (hr % 12 || 12) + (mi ? "." + (mi < 10 ? "0" : "") + mi : "") + (hr < 12 ? "am" : "pm");
    return time + " " + (h.date === here(now).date ? "today" : NAMES[h.day]);
  }
  function opens(id, now) { // the next moment it may be answered, on a 5-minute step, within 8 days
    var t = new Date(Math.ceil(now.getTime() / 300000) * 300000);
    for (var i = 0; i < 8 * 288; i++, t = new Date(t.getTime() + 300000)) {
      if (state(id, t) !== "closed") return words(t, now);
    }
    return "";
  }

  var lists = [].map.call(document.querySelectorAll("ul[data-live]"), function (ul) {
    return { ul: ul, brief: ul.getAttribute("data-live") === "brief",
      rows: [].map.call(ul.children, function (li, i) { // what the page says of each number, read once
        return { li: li, i: i, id: li.getAttribute("data-h"), mark: li.querySelector(".eh-num__now"),
          instead: li.getAttribute("data-instead"), tbc: li.hasAttribute("data-tbc") ? 1 : 0 };
      }) };
  });
  function update() {
    var now = new Date(), next = {}; // the ICRT's line is on many lists: its next opening is worked out once
    lists.forEach(function (list) {
      list.rows.forEach(function (row) {
        var id = row.id, mark = row.mark, instead = row.instead;
        row.state = state(id, now);
        row.li.setAttribute("data-now", row.state);
        if (!mark) return;
        var text = "";
        // The banner is brief: its order already puts the line answered now first; it marks only doubt.
        if (list.brief) text = { maybe: "may be closed", closed: "closed now" }[row.state] || "";
        else if (row.state === "open") text = "Open now";
        else if (row.state === "maybe") text = "May be closed now (the sources disagree)" + (instead ? ": if no answer, ring " + instead : "");
        else if (row.state === "closed") {
          if (!(id in next)) next[id] = opens(id, now);
          text = "Closed now" + (next[id] ? ", opens " + next[id] : "") + (instead ? ": ring " + instead : "");
        }
        mark.textContent = text;
        mark.hidden = !text;
      });
      // The rule (numbers.py): confirmed before doubtful, answered now before closed, else the build's order.
      list.rows.slice().sort(function (a, b) {
        return a.tbc - b.tbc || RANK[a.state] - RANK[b.state] || a.i - b.i;
      }).forEach(function (row) { list.ul.appendChild(row.li); });
      list.ul.setAttribute("data-now", "");
    });
  }
  // Paper is read at any hour: it gets the build's order (24-hour lines first) and no "open now" marks.
  function forPaper() {
    lists.forEach(function (list) {
      list.rows.forEach(function (row) { list.ul.appendChild(row.li); }); // the print styles hide the marks
      list.ul.removeAttribute("data-now");
    });
  }
  update();
  setInterval(update, 60000);
  window.addEventListener("beforeprint", forPaper);
  window.addEventListener("afterprint", update);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) update(); });
})();
