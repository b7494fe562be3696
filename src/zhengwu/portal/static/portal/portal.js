// The portal's page tools. Progressive enhancement: without JavaScript the print button stays
// hidden (the browser's own print works, with print.css) and the font-size links set a cookie.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
