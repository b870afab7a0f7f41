// Handbook: a page is often read days after it was built. Recount its "days ago" and
// "due in" figures from the dates written on it, against today's date in this browser.
// Local only: no request, no storage.
(function () {
  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5;
  }
  function count(n) { return n === 1 ? "1 day" : n + " days"; }
  function recount() {
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 864e5;
    document.querySelectorAll("time[data-hb][datetime]").forEach(function (el) {
      var diff = today - dayNumber(el.getAttribute("datetime"));
      var kind = el.getAttribute("data-hb");
      if (kind === "ago") el.textContent = count(diff);
      else if (kind === "due") el.textContent = diff < 0 ? "due in " + count(-diff) : diff === 0 ? "due today" : "overdue by " + count(diff);
      else if (kind === "computed" && diff !== 0) {
        var note = el.parentNode.querySelector(".hb-recounted");
        if (note) {
          note.textContent = " Day counts recounted to today, " + now.toISOString().slice(0, 10) + ".";
          note.hidden = false;
        }
      }
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(recount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", recount);
  else recount();
})();
