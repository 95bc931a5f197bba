// Filters of the disclosure matrix. Without JavaScript the form stays hidden and the
// whole matrix shows; with it, columns of a lens, rows of an access type and cells of
// other levels can be set aside. Nothing here is needed to read the evidence.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  function apply() {
    var lens = form.elements.lens.value, access = form.elements.access.value, level = form.elements.level.value;
    document.querySelectorAll("[data-lens]").forEach(function (el) {
      el.hidden = lens !== "all" && el.getAttribute("data-lens") !== lens;
    });
    document.querySelectorAll("tr[data-access]").forEach(function (el) {
      el.hidden = access !== "all" && el.getAttribute("data-access") !== access;
    });
    document.querySelectorAll("td[data-level]").forEach(function (el) {
      el.classList.toggle("dimmed", level !== "all" && el.getAttribute("data-level") !== level);
    });
  }
  form.addEventListener("change", apply);
  apply();
});
