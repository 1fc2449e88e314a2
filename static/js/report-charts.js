// The overview's charts (Chart.js 4): this fiscal year against the last, month by month, from
// the json_script beside each canvas (no inline scripts: CSP). The numbers are in a table too.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    const locale = document.documentElement.lang || "th";
    document.querySelectorAll("canvas[data-report-chart]").forEach(function (canvas) {
      const source = document.getElementById(canvas.id + "-data");
      if (!source) return;
      const data = JSON.parse(source.textContent);
      data.datasets[0].backgroundColor = "#198754";
      data.datasets[1].backgroundColor = "#adb5bd";
      new window.Chart(canvas, {
        type: "bar",
        data: data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          locale: locale,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    });
  });
})();
