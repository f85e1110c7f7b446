/* The site's few behaviours, none needed for a page to work (every form still posts without them). */
(function () {
  "use strict";

  // A form marked data-confirm asks first (removing a notebook entry, ...).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Check-in hours add up as they are typed; the server computes the saved total itself.
  document.querySelectorAll("[data-hours]").forEach(function (group) {
    var out = group.querySelector("[data-total]");
    function update() {
      var total = 0;
      group.querySelectorAll("input[type=number]").forEach(function (input) {
        var value = parseFloat(input.value);
        if (!isNaN(value) && value > 0) { total += value; }
      });
      out.textContent = (Math.round(total * 100) / 100) + " h";
    }
    group.addEventListener("input", update);
    update();
  });
})();
