// Draws the report from the JSON document in #report-data (written by the html output
// plugin): per job, one card per result (per host and "All clients" in a client run)
// with its totals, IOPS, bandwidth and latency percentiles over time, and the latency
// histogram. When every chart is drawn, #render-status says how many charts and points
// were drawn, for tests and scripts that check the page.
(function () {
  "use strict";

  const report = JSON.parse(document.getElementById("report-data").textContent);
  const directionColours = { read: "#1f5fbf", write: "#d9480f", trim: "#2b8a3e" };
  const percentileDashes = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
  const charts = [];  // every chart drawn, for #render-status

  Chart.defaults.animation = false;  // drawn at once: printable, and checkable headless
  Chart.defaults.font.size = 11;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function row(table, cells, header) {
    const tr = element("tr");
    cells.forEach(function (cell) {
      const td = element(header ? "th" : "td", cell.number ? "number" : "", cell.text);
      tr.appendChild(td);
    });
    table.appendChild(tr);
  }

  function fixed(value, digits) {
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  function date(ms) {
    return ms ? new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "";
  }

  function optionsTable(table, pairs) {
    pairs.forEach(function (pair) { row(table, [{ text: pair[0] }, { text: pair[1] }]); });
  }

  // A line chart over time (seconds on x); `datasets` hold [[x, y], ...] points.
  function timeChart(parent, title, yTitle, datasets) {
    const box = element("div", "chart");
    const canvas = element("canvas");
    box.appendChild(canvas);
    parent.appendChild(box);
    const made = new Chart(canvas, {
      type: "line",
      data: {
        datasets: datasets.map(function (set) {
          return Object.assign({
            label: set.label,
            data: set.points.map(function (p) { return { x: p[0], y: p[1] }; }),
            borderWidth: 1.5,
            pointRadius: set.points.length > 60 ? 0 : 2,
            tension: 0,
          }, set.style);
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        plugins: {
          title: { display: true, text: title },
          legend: { display: true, position: "bottom" },
        },
        scales: {
          x: { type: "linear", title: { display: true, text: "time (s)" } },
          y: { beginAtZero: true, title: { display: true, text: yTitle } },
        },
      },
    });
    charts.push(made);
    return made;
  }

  function summaryTable(card, job) {
    const table = element("table", "summary");
    row(table, [
      { text: "direction" }, { text: "I/Os", number: true }, { text: "IOPS", number: true },
      { text: "MiB/s", number: true }, { text: "mean µs", number: true }, { text: "p99 µs", number: true },
    ], true);
    const p99 = report.percentiles.indexOf(99);
    job.directions.forEach(function (d) {
      row(table, [
        { text: d.direction }, { text: fixed(d.ios, 0), number: true }, { text: fixed(d.iops, 0), number: true },
        { text: fixed(d.bw_mib, 2), number: true }, { text: fixed(d.latency_mean_us, 1), number: true },
        { text: d.latency_percentiles_us.length ? fixed(d.latency_percentiles_us[p99], 1) : "-", number: true },
      ]);
    });
    card.appendChild(table);
  }

  function directionSets(job, series) {
    return job.directions.map(function (d) {
      return { label: d.direction, points: d[series], style: { borderColor: directionColours[d.direction], backgroundColor: directionColours[d.direction] } };
    });
  }

  function percentileSets(job) {
    const sets = [];
    job.directions.forEach(function (d) {
      report.percentiles.forEach(function (p, i) {
        sets.push({
          label: d.direction + " p" + p,
          points: d.clat_series.map(function (point) { return [point[0], point[i + 1]]; }),
          style: { borderColor: directionColours[d.direction], backgroundColor: directionColours[d.direction], borderDash: percentileDashes[i % percentileDashes.length] },
        });
      });
    });
    return sets;
  }

  // Charts are made on canvases already in the document: Chart.js sizes (and draws) a
  // responsive chart only once its canvas is attached.
  function card(parent, job, label) {
    const box = element("div", job.all_clients ? "card aggregate" : "card");
    parent.appendChild(box);
    box.appendChild(element("h3", "", label));
    if (job.error) box.appendChild(element("p", "error", "error " + job.error + (job.error_text ? ": " + job.error_text : "")));
    if (!job.directions.length) {
      box.appendChild(element("p", "note", "No I/O was done."));
      return;
    }
    summaryTable(box, job);
    const grid = element("div", "charts");
    box.appendChild(grid);
    timeChart(grid, "IOPS over time", "IOPS", directionSets(job, "iops_series"));
    timeChart(grid, "Bandwidth over time", "MiB/s", directionSets(job, "bw_series"));
    if (job.directions.some(function (d) { return d.clat_series.length; })) {
      timeChart(grid, "Completion latency percentiles over time", "latency (µs)", percentileSets(job));
    } else {
      grid.appendChild(element("p", "note", "Latency percentiles over time: not logged (write_lat_log or write_hist_log keeps them)."));
    }
    const kind = job.directions[0].latency_kind === "clat" ? "Completion latency" : "Latency";
    histogramChart(grid, kind + " histogram", job.directions);
  }

  // The histogram's buckets with samples as bars, one category per bucket value (a
  // bucket of 0 ns has no place on a logarithmic axis), a bar set per direction.
  function histogramChart(parent, title, directions) {
    const values = [];
    directions.forEach(function (d) {
      d.histogram.forEach(function (bin) { if (values.indexOf(bin[0]) < 0) values.push(bin[0]); });
    });
    values.sort(function (a, b) { return a - b; });
    const box = element("div", "chart");
    const canvas = element("canvas");
    box.appendChild(canvas);
    parent.appendChild(box);
    charts.push(new Chart(canvas, {
      type: "bar",
      data: {
        labels: values.map(function (v) { return v < 10 ? fixed(v, 3) : fixed(v, 0); }),
        datasets: directions.map(function (d) {
          const counts = new Map(d.histogram.map(function (bin) { return [bin[0], bin[1]]; }));
          return {
            label: d.direction,
            data: values.map(function (v) { return counts.get(v) || 0; }),
            backgroundColor: directionColours[d.direction],
            borderWidth: 0,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: title }, legend: { display: true, position: "bottom" } },
        scales: {
          x: { title: { display: true, text: "latency (µs), buckets with I/Os" } },
          y: { beginAtZero: true, title: { display: true, text: "I/Os" } },
        },
      },
    }));
  }

  function header() {
    const run = report.client_run ? "client run" : "local run";
    document.getElementById("run-line").textContent =
      report.fio_version + " · " + run + " · " + date(report.start_epoch_ms) + " to " + date(report.end_epoch_ms);
    const machine = document.getElementById("machine-table");
    row(machine, [{ text: "report made on" }, { text: report.machine.hostname }]);
    row(machine, [{ text: "kernel" }, { text: report.machine.kernel }]);
    row(machine, [{ text: "CPUs" }, { text: String(report.machine.cpus) }]);
    row(machine, [{ text: "fio" }, { text: report.fio_version }]);
    if (report.client_run) {
      const hosts = [];
      report.jobs.forEach(function (job) { if (job.host && !job.all_clients && hosts.indexOf(job.host) < 0) hosts.push(job.host); });
      row(machine, [{ text: "servers" }, { text: hosts.join(", ") }]);
    }
    const globals = document.getElementById("global-options");
    if (report.global_options.length) optionsTable(globals.querySelector("table"), report.global_options);
    else globals.hidden = true;
  }

  // Jobs by name, in order of appearance; each result of one becomes a card, the hosts
  // first and "All clients" last, so a client run shows them side by side.
  function jobs() {
    const byName = new Map();
    report.jobs.forEach(function (job) {
      const key = job.name + "\u0000" + job.groupid;
      if (!byName.has(key)) byName.set(key, []);
      byName.get(key).push(job);
    });
    const parent = document.getElementById("jobs");
    byName.forEach(function (results) {
      results.sort(function (a, b) { return (a.all_clients ? 1 : 0) - (b.all_clients ? 1 : 0); });
      const first = results[0];
      const section = element("section", "job");
      parent.appendChild(section);
      section.appendChild(element("h2", "", "Job " + first.name + " (group " + first.groupid + ")"));
      if (first.description) section.appendChild(element("p", "", first.description));
      const details = element("details");
      details.appendChild(element("summary", "", "Job options"));
      const table = element("table", "options");
      optionsTable(table, first.options);
      details.appendChild(table);
      section.appendChild(details);
      const hosts = element("div", "hosts");
      section.appendChild(hosts);
      results.forEach(function (job, i) {
        const label = job.host || (results.length > 1 ? first.name + " #" + (i + 1) : first.name);
        card(hosts, job, label);
      });
    });
  }

  function renderStatus() {
    let points = 0;
    let empty = 0;
    charts.forEach(function (c) {
      let drawn = 0;
      c.data.datasets.forEach(function (set, i) { drawn += c.getDatasetMeta(i).data.length; });
      if (!drawn || !c.width) empty += 1;
      points += drawn;
    });
    const status = document.getElementById("render-status");
    status.dataset.charts = String(charts.length);
    status.dataset.points = String(points);
    status.dataset.emptyCharts = String(empty);
    status.textContent = charts.length + " charts, " + points + " points";
  }

  document.title = "fio report: " + report.jobs.map(function (j) { return j.name; }).filter(function (n, i, all) { return all.indexOf(n) === i; }).join(", ");
  header();
  jobs();
  renderStatus();
})();
