// Live job search: refresh the page as the seeker types or ticks a filter.
// The form works without this script; the URL always holds the whole search. The server
// renders the same region template for the page and for this update, and every element
// marked data-live is swapped, so heading, title, count, facets, chips, the alert form and
// the feed links always describe the results shown. Boxes being typed in are left alone.
(function () {
  "use strict";
  // Filters sit in a <details>: closed on phones so the results come first, open beside
  // them on wider screens.
  var filters = document.getElementById("search-filters");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 761px)").matches) {
    filters.open = true;
  }
  // "Show n results" (shown with this script only) closes the filters and brings the
  // results into view; it is swapped with the count, so it is looked up on each click.
  document.addEventListener("click", function (event) {
    var done = event.target.closest && event.target.closest("#filters-done");
    if (!done || !filters) { return; }
    filters.open = false;
    var results = document.getElementById("results");
    if (results) { results.scrollIntoView({ block: "start" }); }
  });
  document.querySelectorAll("#filters-done").forEach(function (button) { button.hidden = false; });
  var region = document.getElementById("search-region");
  var form = document.getElementById("search-form");
  if (!region || !form || !window.fetch || !window.DOMParser) { return; }
  var timer = null;
  var latest = 0;
  var typingEntry = false;  // the current history entry was made by typing

  function queryString() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (params.get(key) === "" && params.getAll(key).length === 1) { params.delete(key); }
    });
    if (params.get("sort") === "relevance") { params.delete("sort"); }  // the default
    return params.toString();
  }

  function focusKey(element) {
    if (!element || !region.contains(element)) { return null; }
    return { id: element.id, name: element.name, value: element.value };
  }

  function restoreFocus(key) {
    if (!key || (document.activeElement && document.activeElement !== document.body)) { return; }
    var found = key.id ? document.getElementById(key.id) : null;
    if (!found && key.name) {
      found = form.querySelector('[name="' + CSS.escape(key.name) + '"][value="' + CSS.escape(key.value) + '"]');
    }
    if (found) { found.focus(); }
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focused = focusKey(document.activeElement);
    fresh.querySelectorAll("[data-live]").forEach(function (element) {
      var current = document.getElementById(element.id);
      if (current) { current.replaceWith(document.importNode(element, true)); }
    });
    document.querySelectorAll("#filters-done").forEach(function (button) { button.hidden = false; });
    var heading = document.getElementById("search-heading");
    if (heading && heading.dataset.title) { document.title = heading.dataset.title; }
    var feeds = document.getElementById("search-feeds");
    if (feeds) {
      [["feed-atom", "atom"], ["feed-rss", "rss"], ["feed-json", "json"]].forEach(function (pair) {
        var link = document.getElementById(pair[0]);
        if (link) { link.href = feeds.dataset[pair[1]]; }
      });
    }
    restoreFocus(focused);
  }

  function load(url, record) {
    var ticket = ++latest;
    var partial = url + (url.indexOf("?") >= 0 ? "&" : "?") + "partial=1";
    return fetch(partial, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) { return; }  // an older answer arrived after a newer one
        swap(html);
        if (record) { record(url); }
      })
      .catch(function () { /* keep the current results; the form still submits */ });
  }

  function search(typing) {
    var qs = queryString();
    var url = form.action + (qs ? "?" + qs : "");
    load(url, function (shown) {
      if (shown === window.location.pathname + window.location.search ||
          shown === window.location.href) { return; }
      // Typing makes one history entry per burst; every other change makes its own.
      if (typing && typingEntry) {
        window.history.replaceState({ search: true }, "", shown);
      } else {
        window.history.pushState({ search: true }, "", shown);
      }
      typingEntry = typing;
    });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(true); }, 250);
  }

  function isBox(element) { return element.type === "search" || element.type === "text"; }

  // The fields outside the swapped parts, set from a URL's query string.
  function syncFields(search) {
    var params = new URLSearchParams(search);
    var defaults = { sort: "relevance" };
    ["q", "code", "sort", "salary_min", "posted_within"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.tagName) { field.value = params.getAll(name).join(" ") || defaults[name] || ""; }
    });
  }

  // Back and Forward: show the search of that entry, boxes included.
  window.addEventListener("popstate", function () {
    syncFields(window.location.search);
    typingEntry = false;
    load(window.location.pathname + window.location.search, null);
  });

  form.addEventListener("input", function (event) { if (isBox(event.target)) { soon(); } });
  form.addEventListener("change", function (event) {
    if (!isBox(event.target)) { typingEntry = false; search(false); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    typingEntry = false;
    search(false);
  });
  // Chips and pager links inside the region load in place too.
  region.addEventListener("click", function (event) {
    var link = event.target.closest("#search-chips a, .pager a, .offers a, .partial-notice a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    typingEntry = false;
    load(link.getAttribute("href"), function (shown) {
      window.history.pushState({ search: true }, "", shown);
      syncFields(shown.split("?")[1] || "");
    });
  });
})();
