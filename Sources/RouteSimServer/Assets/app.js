// routesim serve: the little the pages do in the browser. Everything works without it (forms
// and links); this adds copying, live filtering and a few conveniences. No inline script: the
// content security policy allows this file only.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // "Copy as case": copy the YAML next to the button.
  var copy = document.getElementById("copy-case");
  if (copy) {
    copy.addEventListener("click", function () {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      var status = document.getElementById("copy-status");
      var text = source ? source.textContent : "";
      function done(message) { if (status) { status.textContent = message; } }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done("copied"); }, function () { selectText(source); done("selected: press Ctrl+C"); });
      } else {
        selectText(source);
        done(document.execCommand && document.execCommand("copy") ? "copied" : "selected: press Ctrl+C");
      }
    });
  }

  // A table's search field filters its rows as you type (the form still searches the server).
  var filters = document.querySelectorAll("input[data-filter]");
  Array.prototype.forEach.call(filters, function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });

  // The caller field matters for trunks, lines and bare callers only.
  var origin = document.getElementById("origin");
  var caller = document.getElementById("caller");
  if (origin && caller) {
    var update = function () {
      var isUser = origin.value.indexOf("user:") === 0;
      caller.disabled = isUser;
      caller.placeholder = isUser ? "the user's own number" : "for a trunk, a line or an outside caller";
    };
    origin.addEventListener("input", update);
    update();
  }

  // The graph redraws when the dial plan changes.
  var plan = document.getElementById("graph-plan");
  if (plan && plan.form) {
    plan.addEventListener("change", function () { plan.form.submit(); });
  }
});

function selectText(element) {
  if (!element) { return; }
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
