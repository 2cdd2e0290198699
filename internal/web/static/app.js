// archgov's only script of its own: confirmation before destructive actions. Forms carry the
// question in data-confirm; the Content-Security-Policy forbids inline handlers.
document.addEventListener("submit", function (e) {
  var q = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (q && !window.confirm(q)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);

// On a phone the tables are cards (app.css): each cell shows its column's name, copied here
// from the table's header into data-label, on load and after htmx swaps a list in.
function labelCells(root) {
  var tables = root.querySelectorAll("table.grid");
  for (var t = 0; t < tables.length; t++) {
    var heads = tables[t].querySelectorAll("thead th");
    if (!heads.length) continue;
    var names = [];
    for (var h = 0; h < heads.length; h++) {
      for (var span = heads[h].colSpan || 1; span > 0; span--) names.push(heads[h].textContent.trim());
    }
    var rows = tables[t].querySelectorAll("tbody tr");
    for (var r = 0; r < rows.length; r++) {
      var col = 0;
      for (var c = 0; c < rows[r].cells.length; c++) {
        var cell = rows[r].cells[c];
        if (cell.colSpan === 1 && names[col] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[col]);
        col += cell.colSpan || 1;
      }
    }
  }
}
document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
document.addEventListener("htmx:afterSettle", function () { labelCells(document); });
