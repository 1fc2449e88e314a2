// The yearly figures of a group as a bar chart (Chart.js 4), from the page's json_script data.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    const canvas = document.getElementById("figures-chart");
    const source = document.getElementById("figures-chart-data");
    if (!canvas || !source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    const locale = document.documentElement.lang || "th";
    new window.Chart(canvas, {
      type: "bar",
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
