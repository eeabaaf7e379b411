// Live job search: refresh the results as the seeker types or ticks a filter.
// The form works without this script; the URL always holds the whole search.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch) { return; }
  var timer = null;
  var latest = 0;

  function queryString() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (params.get(key) === "" && params.getAll(key).length === 1) { params.delete(key); }
    });
    return params.toString();
  }

  function refresh() {
    var qs = queryString();
    var ticket = ++latest;
    var url = form.action + (qs ? "?" + qs : "");
    fetch(url + (qs ? "&" : "?") + "partial=1", { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) { return; }  // an older answer arrived after a newer one
        results.innerHTML = html;
        window.history.replaceState(null, "", url);
      })
      .catch(function () { /* keep the current results; the form still submits */ });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "search" || event.target.type === "text") { soon(); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "search" && event.target.type !== "text") { refresh(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
})();
