// The dashboard's trend: paid orders as bars, paid amount as a line, one point per day.
(() => {
  const box = document.getElementById("trend-chart");
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  if (!box || !window.echarts) return;
  const labels = data.labels;
  const chart = echarts.init(box);
  chart.setOption({
    color: ["#e02e24", "#1f6fd1"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.dates },
    yAxis: [
      { type: "value", name: labels.orders_axis, minInterval: 1 },
      { type: "value", name: labels.amount_axis },
    ],
    series: [
      { name: labels.orders, type: "bar", data: data.orders, barMaxWidth: 24 },
      // Numbers only for drawing; the amounts shown as text come from the server.
      { name: labels.amount, type: "line", yAxisIndex: 1, smooth: true, data: data.amounts.map(Number) },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
