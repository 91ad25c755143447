/* Survey result charts: draws the plotly figures whose JSON sits in <script type="application/json">
   blocks next to each result table. The tables are the content; without JavaScript nothing is lost. */
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    var targets = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(targets, function (target) {
      var source = document.getElementById(target.getAttribute("data-chart"));
      if (!source) { return; }
      var figure;
      try { figure = JSON.parse(source.textContent); } catch (error) { return; }
      // The vendored partial bundle (plotly.js basic: bar, pie, scatter) has no WebGL traces: scattergl is
      // drawn as SVG scatter, which looks the same.
      (figure.data || []).forEach(function (trace) { if (trace.type === "scattergl") { trace.type = "scatter"; } });
      window.Plotly.newPlot(target, figure.data, figure.layout, figure.config || { displayModeBar: false, responsive: true });
      target.classList.add("drawn");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
