// The posting form says where the pay being typed would sit among similar open jobs, before
// publishing: it asks /pay/position with the pay, work mode, credentials and specialties.
(function () {
  "use strict";
  var note = document.getElementById("pay-position");
  if (!note || !window.fetch || !window.URLSearchParams) { return; }
  var form = note.closest("form");
  var timer = null;
  var asked = "";

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function checked(name) {
    return Array.prototype.map.call(
      form.querySelectorAll("input[name='" + name + "']:checked, select[name='" + name + "'] option:checked"),
      function (input) { return input.value; }
    );
  }

  function question() {
    var params = new URLSearchParams();
    ["salary_min", "salary_max", "salary_unit", "salary_currency", "work_mode"].forEach(function (name) {
      if (value(name)) { params.append(name, value(name)); }
    });
    checked("credentials_required").concat(checked("credentials_preferred")).forEach(function (credential) {
      params.append("credential", credential);
    });
    checked("specialties").forEach(function (specialty) { params.append("specialty", specialty); });
    return params.toString();
  }

  function ask() {
    var params = question();
    if (params === asked) { return; }
    asked = params;
    if (!value("salary_min") && !value("salary_max")) { note.hidden = true; return; }
    fetch(note.dataset.source + "?" + params, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        if (params !== asked) { return; }
        note.replaceChildren();
        if (reply.text) {
          note.append(reply.text + " ");
          var link = document.createElement("a");
          link.href = reply.url;
          link.textContent = "What these jobs pay";
          note.append(link);
        } else {
          note.textContent = reply.reason || (reply.error && reply.error.message) || "";
        }
        note.hidden = !note.textContent;
      })
      .catch(function () { note.hidden = true; });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
  form.addEventListener("change", ask);
  ask();
}());
