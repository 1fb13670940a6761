// Groundwork's only script: conveniences on top of pages that work without it.
(function () {
  "use strict";
  // The reader's time zone, so that times are shown and read in it.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      // Zone names are letters, digits, "/", "_", "-" and "+": safe in a cookie as they are.
      document.cookie = "tz=" + zone + "; path=/; SameSite=Strict; max-age=31536000";
    }
    if (zone !== "UTC") {  // this page was drawn in UTC, before the zone was known
      document.querySelectorAll("footer [data-zone-name]").forEach(function (name) {
        name.textContent = "UTC on this page; in " + zone + " from the next one on";
      });
    }
    document.querySelectorAll("[data-time-zone]").forEach(function (field) {
      if (field.value && field.value !== "UTC") { return; }
      field.value = zone;
      // The page was drawn before the zone was known: "now" and the zone's name follow it.
      var now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
      document.querySelectorAll("input[data-now]").forEach(function (input) {
        input.value = now.toISOString().slice(0, 16);
      });
      document.querySelectorAll("[data-zone-name]").forEach(function (name) {
        name.textContent = zone;
      });
    });
  } catch (e) { /* no Intl: UTC, as the page says */ }
  // A search box that narrows a long list of people as one types: a select's options, or
  // a list's items (those ticked stay in sight).
  document.querySelectorAll("input.filter[data-filters]").forEach(function (box) {
    var list = document.getElementById(box.getAttribute("data-filters"));
    if (!list) { return; }
    box.hidden = false;
    box.addEventListener("input", function () {
      var wanted = box.value.toLocaleLowerCase();
      var shown = function (text) { return text.toLocaleLowerCase().indexOf(wanted) !== -1; };
      if (list.tagName === "SELECT") {
        Array.prototype.forEach.call(list.options, function (option) {
          option.hidden = option.value !== "" && !shown(option.text);
        });
        return;
      }
      Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
        var tick = item.querySelector("input");
        item.hidden = !(tick && tick.checked) && !shown(item.textContent);
      });
    });
  });
})();
