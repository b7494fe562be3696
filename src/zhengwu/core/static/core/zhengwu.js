// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // The language selector submits itself; the button stays for keyboard users and no-JS.
    document.querySelectorAll(".lang-form select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // htmx posts carry the CSRF token from the page.
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && window.htmx) {
      document.body.addEventListener("htmx:configRequest", function (event) {
        event.detail.headers["X-CSRFToken"] = token.value;
      });
    }
  });
})();
