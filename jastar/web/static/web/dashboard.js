/* The dashboard's charts (analytics/dashboard.html), drawn with the vendored Chart.js.
 *
 * The page carries its figures as JSON (json_script, id "dashboard-data") with every label
 * already translated by the server; this file only draws them and formats numbers in the
 * page's language (<html lang>). Each chart also has a table on the page, so nothing here
 * is the only way to read a figure.
 */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var payload = JSON.parse(source.textContent);
  var text = payload.text;
  var lang = document.documentElement.lang || "kk";
  // Kazakh and Russian write numbers alike (1 234,5); some browsers' ICU data format "kk"
  // as English (1,234.5), so Kazakh pages borrow the Russian number format.
  var numberLocale = lang === "kk" ? "ru" : lang;
  var whole = new Intl.NumberFormat(numberLocale, { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat(numberLocale, {
    minimumFractionDigits: 1, maximumFractionDigits: 1,
  });

  function count(value) {
    return value === null || value === undefined ? "—" : whole.format(value);
  }
  function percent(value) {
    return value === null || value === undefined ? "—" : oneDecimal.format(value) + "%";
  }
  function shareOf(value, values) {
    var total = values.reduce(function (a, b) { return a + b; }, 0);
    return total ? percent((100 * value) / total) : "—";
  }

  // Colours are CSS custom properties of .dash (dashboard.css), shared with the legends.
  var style = getComputedStyle(document.querySelector(".dash") || document.documentElement);
  function css(name) {
    return style.getPropertyValue("--chart-" + name).trim();
  }
  var colour = {
    actual: css("actual"), previous: css("previous"), plan: css("plan"),
    target: css("target"), neet: css("neet"), grid: css("grid"),
  };
  var palette = [0, 1, 2, 3, 4, 5].map(css);

  Chart.defaults.locale = numberLocale;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#3b4654";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 8;
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  function valueAxis(format) {
    return {
      beginAtZero: true,
      grid: { color: colour.grid },
      border: { display: false },
      ticks: { precision: 0, callback: function (value) { return format(value); } },
    };
  }
  var categoryAxis = { grid: { display: false }, ticks: { autoSkip: false } };

  function valueOf(context) {
    return context.chart.options.indexAxis === "y" ? context.parsed.x : context.parsed.y;
  }
  function countLabel(context) {
    return context.dataset.label + ": " + count(valueOf(context));
  }

  function byDataset(a, b) {
    return a.datasetIndex - b.datasetIndex;
  }

  var seriesStyle = {
    actual: {
      type: "bar", backgroundColor: colour.actual, borderRadius: 3, order: 3, pointStyle: "rect",
    },
    previous: {
      type: "line", borderColor: colour.previous, backgroundColor: colour.previous,
      borderWidth: 2, pointRadius: 3, order: 2, pointStyle: "circle",
    },
    plan: {
      type: "line", borderColor: colour.plan, backgroundColor: colour.plan, borderWidth: 2,
      borderDash: [6, 4], pointRadius: 0, order: 1, pointStyle: "line",
    },
    target: {
      type: "bar", backgroundColor: colour.target, borderRadius: 3, order: 4, pointStyle: "rect",
    },
  };

  function datasets(series) {
    return series.map(function (s) {
      return Object.assign({ label: s.label, data: s.data }, seriesStyle[s.role]);
    });
  }

  var build = {
    months: function (chart) {
      return {
        type: "bar",
        data: { labels: chart.labels, datasets: datasets(chart.series) },
        options: {
          interaction: { mode: "index", intersect: false },
          scales: { x: categoryAxis, y: valueAxis(count) },
          plugins: {
            // ``order`` draws the lines over the bars; legend and tooltip keep the data's order.
            legend: { position: "bottom", reverse: true },
            tooltip: { itemSort: byDataset, callbacks: { label: countLabel } },
          },
        },
      };
    },
    districts: function (chart) {
      return {
        type: "bar",
        data: { labels: chart.labels, datasets: datasets(chart.series) },
        options: {
          indexAxis: "y",
          interaction: { mode: "index", axis: "y", intersect: false },
          scales: { x: valueAxis(count), y: categoryAxis },
          plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: countLabel } } },
        },
      };
    },
    neet_districts: function (chart) {
      return {
        type: "bar",
        data: {
          labels: chart.labels,
          datasets: [{ label: text.rate, data: chart.rate, backgroundColor: colour.neet, borderRadius: 3 }],
        },
        options: {
          indexAxis: "y",
          scales: { x: valueAxis(percent), y: categoryAxis },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: {
              label: function (c) { return text.rate + ": " + percent(c.parsed.x); },
              afterLabel: function (c) {
                return [text.neet + ": " + count(chart.neet[c.dataIndex]),
                        text.youth + ": " + count(chart.youth[c.dataIndex])];
              },
            } },
          },
        },
      };
    },
    neet_trend: function (chart) {
      var axis = valueAxis(count);
      axis.beginAtZero = false;
      axis.grace = "10%";
      var days = { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } };
      return {
        type: "line",
        data: {
          labels: chart.labels,
          datasets: [{
            label: text.neet, data: chart.neet, borderColor: colour.neet,
            backgroundColor: colour.neet, borderWidth: 2, pointRadius: 3, tension: 0.2,
          }],
        },
        options: {
          interaction: { mode: "index", intersect: false },
          scales: { x: days, y: axis },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: {
              label: countLabel,
              afterLabel: function (c) {
                return [text.rate + ": " + percent(chart.rate[c.dataIndex]),
                        text.youth + ": " + count(chart.youth[c.dataIndex])];
              },
            } },
          },
        },
      };
    },
  };

  // Doughnuts and the age bars have their legend as a table on the page.
  function shares(chart, kind) {
    return {
      type: kind,
      data: {
        labels: chart.labels,
        datasets: [{
          data: chart.values,
          backgroundColor: kind === "bar" ? colour.actual : palette,
          borderRadius: kind === "bar" ? 3 : 0,
          borderColor: "#fff",
        }],
      },
      options: {
        cutout: kind === "doughnut" ? "58%" : undefined,
        scales: kind === "bar" ? { x: categoryAxis, y: valueAxis(count) } : {},
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) {
            var value = kind === "bar" ? c.parsed.y : c.parsed;
            return c.label + ": " + count(value) + " (" + shareOf(value, chart.values) + ")";
          } } },
        },
      },
    };
  }

  build.channels = function (chart) { return shares(chart, "doughnut"); };
  build.sex = build.channels;
  build.area = build.channels;
  build.age = function (chart) { return shares(chart, "bar"); };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.dataset.chart;
    var chart = payload.charts[name];
    if (chart && build[name]) {
      new Chart(canvas, build[name](chart));
    }
  });
})();
