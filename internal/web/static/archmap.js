// The architecture map (issue 12): draws the map of the page's JSON block (#archmap-data, the
// same answer as GET /api/v1/architecture-map) with ECharts' graph series. Nodes are placed by
// layer, top to bottom, in rows; no force layout, so thousands of nodes draw at once and the
// drawing is the same on every load. Off-cloud (ENV-P1) and undocked (SHR-R7, SHR-R8) systems
// are marked by a border style and a mark in the label, not by colour alone; a node's click
// opens its page. The table below the drawing lists the same nodes for browsers without script.
(function () {
  "use strict";
  var el = document.getElementById("archmap-chart");
  var src = document.getElementById("archmap-data");
  if (!el || !src || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(src.textContent);
  var map = data.map, labels = data.labels || {}, marks = data.marks || {};

  var cellW = 124, rowH = 60, bandGap = 30, left = 90, top = 20;
  var colours = {
    portal: "#2f6fbf", application: "#5b8def", platform: "#7a5bd6",
    exchange: "#7a5bd6", library: "#2e9e6b", cloud: "#1a9bb0", room: "#8a8f98"
  };
  var symbols = { system: "circle", unit: "roundRect", exchange: "diamond", library: "pin", cloud: "triangle", room: "rect" };
  var edgeStyle = {
    hosted: { color: "#9aa0a6", type: "solid", opacity: 0.35 },
    exchange: { color: "#7a5bd6", type: "solid", opacity: 0.45 },
    docked: { color: "#2e9e6b", type: "solid", opacity: 0.6 },
    planned: { color: "#e8710a", type: "dashed", opacity: 0.8 },
    not_docked: { color: "#d93025", type: "dotted", opacity: 0.9 }
  };
  var shared = { exchange: 0, library: 1, cloud: 0, room: 2 };

  // label is the node's name, and on a second line (each line is cut to the cell's width on its
  // own, so the marks always show) a unit node's count and the marks.
  function label(n) {
    var s = n.name;
    var m = n.kind === "unit" ? "（" + n.systems + "）" : "";
    if (n.off_cloud > 0) { m += "▲"; }
    if (n.undocked > 0 && n.kind !== "library") { m += "◆"; }
    if (n.overdue) { m += "■"; }
    if (n.findings > 0) { m += "●" + n.findings; }
    return m ? s + "\n" + m : s;
  }

  function draw() {
    var width = Math.max(el.clientWidth || 900, 480);
    var cols = Math.max(2, Math.floor((width - left) / cellW));
    var nodes = [], y = top;
    map.layers.forEach(function (layer) {
      var ns = map.nodes.filter(function (n) { return n.layer === layer.layer; });
      ns.sort(function (a, b) {
        var sa = a.kind in shared ? shared[a.kind] : 9, sb = b.kind in shared ? shared[b.kind] : 9;
        return sa - sb || (a.unit_id || 0) - (b.unit_id || 0) || (a.record_id || 0) - (b.record_id || 0);
      });
      nodes.push({
        id: "layer:" + layer.layer, name: layer.name, x: 8, y: y + rowH / 2, symbolSize: 1, itemStyle: { color: "rgba(0,0,0,0)" },
        label: { show: true, position: "right", formatter: layer.name, fontWeight: "bold", fontSize: 14, color: "#333" },
        tooltip: { show: false }, layerLabel: true
      });
      var rows = Math.max(1, Math.ceil(ns.length / cols));
      ns.forEach(function (n, i) {
        var row = Math.floor(i / cols), col = i % cols;
        var inRow = row === rows - 1 ? ns.length - row * cols : cols;
        var x = left + (col + 0.5) * cellW + (cols - inRow) * cellW / 2;
        var border = {};
        if (n.off_cloud > 0 || n.overdue) {
          border = { borderColor: "#d93025", borderWidth: 3, borderType: "dashed" };
        } else if (n.undocked > 0 && n.kind !== "library") {
          border = { borderColor: "#e8710a", borderWidth: 3, borderType: "dotted" };
        }
        var colour = colours[n.kind] || colours[n.layer];
        var size = n.kind === "unit" ? Math.min(34, 16 + Math.sqrt(n.systems) * 3) : (n.kind === "system" ? 16 : 24);
        nodes.push({
          id: n.id, name: label(n), x: x, y: y + row * rowH + rowH / 2, symbol: symbols[n.kind] || "circle",
          symbolSize: n.kind === "unit" ? [size * 1.4, size] : size,
          itemStyle: Object.assign({ color: colour }, border),
          label: { show: true, position: "bottom", width: cellW - 12, overflow: "truncate", fontSize: 11 },
          node: n
        });
      });
      y += Math.max(1, Math.ceil(ns.length / cols)) * rowH + bandGap;
    });
    el.style.height = Math.max(360, y + 10) + "px";

    var ids = {};
    nodes.forEach(function (n) { ids[n.id] = true; });
    var links = map.edges.filter(function (e) { return ids[e.source] && ids[e.target]; }).map(function (e) {
      var st = edgeStyle[e.kind] || edgeStyle.hosted;
      return {
        source: e.source, target: e.target, kind: e.kind, systems: e.systems,
        lineStyle: { color: st.color, type: st.type, opacity: st.opacity, width: 1 + Math.log2(e.systems || 1), curveness: e.kind === "hosted" ? 0 : 0.12 }
      };
    });

    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
    chart.resize();
    chart.setOption({
      animation: false,
      tooltip: {
        confine: true,
        formatter: function (p) {
          if (p.dataType === "edge") {
            return (labels["edge." + p.data.kind] || p.data.kind) + (p.data.systems > 1 ? " × " + p.data.systems : "");
          }
          var n = p.data.node;
          if (!n) { return ""; }
          var lines = [echarts.format.encodeHTML(n.name) + (n.code ? " " + echarts.format.encodeHTML(n.code) : ""),
            labels["kind." + n.kind] || n.kind];
          if (n.unit_name) { lines.push(labels.unit + "：" + echarts.format.encodeHTML(n.unit_name)); }
          if (n.systems) { lines.push(labels.systems + "：" + n.systems); }
          if (marks[n.id]) { lines.push(echarts.format.encodeHTML(marks[n.id])); }
          lines.push(n.kind === "unit" ? labels.expand : labels.open);
          return lines.join("<br>");
        }
      },
      series: [{
        type: "graph", layout: "none", roam: true, left: 16, top: 16, right: cellW / 2, bottom: 44,
        data: nodes, links: links,
        emphasis: { focus: "adjacency", lineStyle: { opacity: 1 } },
        lineStyle: { opacity: 0.4 }
      }]
    }, true);
    el.setAttribute("data-nodes", String(map.nodes.length));
    return chart;
  }

  var chart = draw();
  chart.on("click", function (p) {
    if (p.dataType === "node" && p.data.node && p.data.node.href) {
      window.location.href = p.data.node.href;
    }
  });
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(draw, 150);
  });
  el.setAttribute("data-ready", "1");
})();
