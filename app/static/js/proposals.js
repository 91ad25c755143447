/* Ratschlag: progressive enhancement for the proposal form.
   While the title is typed, similar existing proposals appear below the form (the
   "Nach ähnlichen Vorschlägen suchen" button does the same without JavaScript). */
(function () {
  "use strict";
  var title = document.querySelector("input[data-similar-url]");
  var target = document.getElementById("similar-proposals");
  if (!title || !target || !window.fetch) { return; }
  var url = title.getAttribute("data-similar-url");
  var timer = null;
  var last = "";
  function update() {
    var value = title.value.trim();
    if (value === last) { return; }
    last = value;
    if (value.length < 5) { target.innerHTML = ""; return; }
    fetch(url + "?title=" + encodeURIComponent(value), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (title.value.trim() === value) { target.innerHTML = html; } })
      .catch(function () { /* suggestions are optional */ });
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  });
}());
