// archgov's only script of its own: confirmation before destructive actions. Forms carry the
// question in data-confirm; the Content-Security-Policy forbids inline handlers.
document.addEventListener("submit", function (e) {
  var q = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (q && !window.confirm(q)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);
