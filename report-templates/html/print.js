// The "Print this page" button: shown only where scripts run, since only a script can print.
// Nothing else on the pages needs a script; without one, the browser's own Print prints the
// page with the same print stylesheet.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
