// CasePilot answers in place: the question box works without this script (it opens /ask);
// with it, the answer the server renders for /ask is put under the box, on the code page or
// on /ask itself, and /ask's address keeps the question.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams) { return; }

  function show(form, html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var field = form.querySelector(".field");
    var oldError = form.querySelector("#ask-q-error");
    if (oldError) { oldError.remove(); }
    field.classList.remove("has-error");
    var error = page.querySelector("#ask-q-error");
    if (error) {
      field.classList.add("has-error");
      field.appendChild(document.importNode(error, true));
    }
    var result = form.parentNode.querySelector(".ask-result");
    if (!result) {
      result = document.createElement("div");
      result.className = "ask-result";
      result.setAttribute("aria-live", "polite");
      form.parentNode.insertBefore(result, form.nextSibling);
    }
    var answer = page.querySelector("section.answer, section.metered");
    result.replaceChildren();
    if (answer) { result.appendChild(document.importNode(answer, true)); }
    var onAskPage = document.querySelector("main section.answer, main section.metered");
    if (onAskPage && onAskPage.parentNode !== result) { onAskPage.remove(); }
  }

  document.querySelectorAll("form.ask-box").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var box = form.querySelector("[name=q]");
      var question = box.value.trim();
      if (!question) { return; }
      event.preventDefault();
      var address = form.action + "?" + new URLSearchParams({ q: question }).toString();
      fetch(address, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          show(form, html);
          if (window.location.pathname === new URL(form.action).pathname) {
            window.history.replaceState(null, "", address);
          }
        })
        .catch(function () { form.submit(); });
    });
  });
}());
