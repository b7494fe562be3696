// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // The language selector submits itself; the button stays for keyboard users and no-JS.
    document.querySelectorAll(".lang-form select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // Staff menu: one dropdown open at a time; a click elsewhere or Escape closes it.
    var groups = Array.prototype.slice.call(document.querySelectorAll(".menu-group details"));
    groups.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        groups.forEach(function (other) { if (other !== details) { other.open = false; } });
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (details) {
        if (details.open && !details.contains(event.target)) { details.open = false; }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      groups.forEach(function (details) {
        if (details.open) { details.open = false; details.querySelector("summary").focus(); }
      });
    });
    // Searchable multi-select (core/widgets.py): a filter box above the checkboxes hides the
    // options whose text does not contain what is typed; checked options stay checked.
    document.querySelectorAll("[data-multi-pick]").forEach(function (box) {
      var options = Array.prototype.slice.call(box.querySelectorAll(".multi-pick-options > div"));
      var input = document.createElement("input");
      input.type = "search";
      input.className = "multi-pick-filter";
      input.setAttribute("aria-label", box.getAttribute("data-filter-label") || "");
      input.placeholder = box.getAttribute("data-filter-label") || "";
      var none = document.createElement("p");
      none.className = "muted multi-pick-none";
      none.textContent = box.getAttribute("data-none-label") || "";
      none.hidden = true;
      box.insertBefore(input, box.firstChild);
      box.appendChild(none);
      input.addEventListener("input", function () {
        var wanted = input.value.trim().toLowerCase();
        var shown = 0;
        options.forEach(function (option) {
          var match = !wanted || option.textContent.toLowerCase().indexOf(wanted) !== -1;
          option.hidden = !match;
          if (match) { shown += 1; }
        });
        none.hidden = shown > 0;
      });
      // Enter in the filter box must not submit the form.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
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
