// The overview's charts (issue 12, ORG-3; pages_dashboard.go). The figures come from the JSON
// block #dash-data (the same as GET /api/v1/dashboard); every element of a chart carries the link
// of the list it counts and opens it on click. The SVG renderer draws vector graphics, which the
// browser prints as they are: a leader prints the page for a meeting.
(function () {
  "use strict";
  var block = document.getElementById("dash-data");
  if (!block || !window.echarts) return;
  var data = JSON.parse(block.textContent);
  var c = data.charts, L = data.labels || {};
  var charts = [];
  var colors = ["#b4232a", "#2f6fb0", "#3c8d5a", "#c98a1b", "#7a5aa6", "#5f6b7a"];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    option.animation = false; // drawn at once: printed as it is, read by tests as it is
    option.color = option.color || colors;
    chart.setOption(option);
    chart.on("click", function (p) {
      var href = p.data && p.data.href;
      if (href) window.location.href = href;
    });
    charts.push(chart);
  }

  function point(value, href) { return { value: value, href: href }; }

  // ENV-R2: migrations completed each month (bars, each the plans completed that month) and in all.
  var months = (c.cloud_trend || []).map(function (m) { return m.month; });
  draw("chart-cloud", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 30 },
    xAxis: { type: "category", data: months },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
    series: [
      { name: L["dash.series.migrated"], type: "bar", data: (c.cloud_trend || []).map(function (m) { return point(m.count, m.href); }) },
      { name: L["dash.series.migrated_total"], type: "line", yAxisIndex: 1, data: (c.cloud_trend || []).map(function (m) { return point(m.total, m.href); }) }
    ]
  });

  // ENV-R3: rooms left to close at each month's end, the closures of the month, the deadline.
  var rm = (c.room_burndown || []).map(function (m) { return m.month; });
  var deadline = (c.room_deadline || "").slice(0, 7);
  draw("chart-rooms", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 36, bottom: 30 },
    xAxis: { type: "category", data: rm },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: L["dash.series.rooms_left"], type: "line", step: "end",
        data: (c.room_burndown || []).map(function (m) { return point(m.total, m.href); }),
        markLine: rm.indexOf(deadline) >= 0 ? { symbol: "none", label: { formatter: L["dash.series.deadline"] }, data: [{ xAxis: deadline }] } : undefined
      },
      { name: L["dash.series.rooms_closed"], type: "bar", data: (c.room_burndown || []).map(function (m) { return point(m.count, m.href); }) }
    ]
  });

  // FLOW-2, FLOW-4: applications under review, then projects at each stage.
  draw("chart-funnel", {
    tooltip: { trigger: "item", formatter: "{b}: {c}" },
    series: [{
      type: "funnel", sort: "none", left: "10%", width: "80%", top: 10, bottom: 10, minSize: "8%",
      label: { position: "inside", formatter: "{b} {c}" },
      data: (c.funnel || []).map(function (f) { return { name: L[f.key] || f.key, value: f.count, href: f.href }; })
    }]
  });

  // FLOW-4: the outcomes of the checks of published rounds, by stage.
  var spot = c.spot_checks || [];
  var outcomes = spot.length ? spot[0].outcomes.map(function (o) { return o.key; }) : [];
  draw("chart-spot", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    color: ["#9aa3ad", "#3c8d5a", "#b4232a"],
    grid: { left: 40, right: 20, top: 36, bottom: 30 },
    xAxis: { type: "category", data: spot.map(function (s) { return L["stage." + s.stage] || s.stage; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: outcomes.map(function (o, i) {
      return { name: L[o] || o, type: "bar", stack: "checks", data: spot.map(function (s) { return point(s.outcomes[i].count, s.outcomes[i].href); }) };
    })
  });

  // Open findings by clause × unit.
  var heat = c.heat || {};
  var cells = heat.cells || [];
  var most = cells.reduce(function (m, x) { return Math.max(m, x.count); }, 1);
  draw("chart-heat", {
    tooltip: { formatter: function (p) { return p.data ? heat.units[p.data.value[1]].name + " · " + heat.clauses[p.data.value[0]] + ": " + p.data.value[2] : ""; } },
    title: cells.length ? undefined : { text: L["dash.no_findings"], left: "center", top: "middle", textStyle: { fontSize: 14, color: "#5f6b7a" } },
    grid: { left: 150, right: 20, top: 10, bottom: 70 },
    xAxis: { type: "category", data: heat.clauses || [], axisLabel: { rotate: 45 }, splitArea: { show: true } },
    yAxis: { type: "category", data: (heat.units || []).map(function (u) { return u.name; }), inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: most, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 80, inRange: { color: ["#fbe9e7", "#b4232a"] } },
    series: [{ type: "heatmap", label: { show: true }, data: cells.map(function (x) { return { value: [x.x, x.y, x.count], href: x.href }; }) }]
  });

  // Per unit: open findings, systems off the cloud, notices not closed (most findings first).
  var rank = (c.ranking || []).slice().reverse();
  draw("chart-ranking", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 150, right: 20, top: 30, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rank.map(function (u) { return u.unit_name; }) },
    series: [
      ["findings", "dash.rank.findings"], ["off_cloud", "dash.rank.off_cloud"], ["rect_open", "dash.rank.rect_open"]
    ].map(function (s) {
      return { name: L[s[1]], type: "bar", stack: "unit", data: rank.map(function (u) { return point(u[s[0]], u.hrefs[s[0]]); }) };
    })
  });

  function resize() { charts.forEach(function (x) { x.resize(); }); }
  window.addEventListener("resize", resize);
  // The printed page is narrower than the screen: the charts take the paper's width.
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  var print = document.getElementById("dash-print");
  if (print) print.addEventListener("click", function () { window.print(); });
})();
