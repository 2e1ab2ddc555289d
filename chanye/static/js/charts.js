// Mounts every ECharts chart on the page. Options are built in Python and embedded with
// json_script; this file only draws them (no data is reshaped here).
// <div data-chart="ID" [data-map-url="/geo/440100.geojson" data-map-name="440100"]>
(function () {
  "use strict";
  var mapCache = {};

  function loadMap(url, name) {
    if (!url) return Promise.resolve();
    if (!mapCache[url]) {
      mapCache[url] = fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("地图文件加载失败：" + r.status); return r.json(); })
        .then(function (geo) { echarts.registerMap(name, geo); });
    }
    return mapCache[url];
  }

  function mount(el) {
    if (el.dataset.mounted) return Promise.resolve();
    el.dataset.mounted = "1";
    var script = document.getElementById(el.dataset.chart);
    if (!script) return Promise.resolve();
    var option = JSON.parse(script.textContent);
    return loadMap(el.dataset.mapUrl, el.dataset.mapName).then(function () {
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      chart.on("click", function (params) {
        if (params.data && params.data.url) window.location.href = params.data.url;
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }).catch(function (err) {
      el.textContent = err.message;
      el.classList.add("chart-error");
    });
  }

  function mountAll(root) {
    var els = (root || document).querySelectorAll("[data-chart]");
    return Promise.all(Array.prototype.map.call(els, mount));
  }

  document.addEventListener("DOMContentLoaded", function () {
    mountAll(document).then(function () { window.__chartsReady = true; });
  });
  document.addEventListener("htmx:afterSwap", function (e) { mountAll(e.target); });
})();
