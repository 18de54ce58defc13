// Wiring of the page's controls to messages (see docs/playground-protocol.md).

import { fromHash, matches } from "./url.js";
import { setLang, getLang, t, pick } from "./i18n.js";
import { hideBanner, toast } from "./panels.js";
import { setTheme } from "./heatmap.js";
import { redrawPreviews, nameDataset } from "./controls.js";

const $ = (id) => document.getElementById(id);

export function bindControls(ctx) {
  const { app, send, sendConfig, network, chart, map } = ctx;

  // transport
  $("play").addEventListener("click", () => {
    if (app.playing) {
      send({ type: "pause" });
      ctx.setPlaying(false);
    } else {
      hideBanner();
      send({ type: "play" });
      ctx.setPlaying(true);
    }
  });
  $("step").addEventListener("click", () => send({ type: "step" }));
  $("reset").addEventListener("click", () => { ctx.clearPanels(); send({ type: "reset" }); });
  $("reset-same").addEventListener("click", () => { ctx.clearPanels(); send({ type: "reset", same_init: true }); });
  $("live").addEventListener("click", () => send({ type: "live" }));

  // selects: key -> parse
  const selects = {
    "learning-rate": ["learning_rate", Number], "reg-rate": ["reg_rate", Number],
    activation: ["activation", String], regularization: ["regularization", String],
    problem: ["problem", String], optimizer: ["optimizer", String], schedule: ["schedule", String],
    output: ["output", String], init: ["init", String],
  };
  for (const [id, [key, parse]] of Object.entries(selects)) {
    if (id === "problem") continue;
    $(id).addEventListener("change", (e) => sendConfig({ [key]: parse(e.target.value) }));
  }
  // a new problem starts from its first data set and output (TF: linear for regression)
  $("problem").addEventListener("change", (e) => {
    const problem = e.target.value;
    const partial = { problem };
    const sets = app.options.datasets?.[problem];
    if (sets?.length) partial.dataset = sets[0];
    const outs = app.options.output?.[problem];
    if (outs?.length) partial.output = outs[0];
    sendConfig(partial);
  });
  $("stop-epoch").addEventListener("change", (e) => {
    const v = Math.max(0, Math.round(Number(e.target.value) || 0));
    e.target.value = String(v);
    sendConfig({ stop_epoch: v });
  });

  // sliders: the label follows while dragging, the setting is sent on release
  for (const [id, key, suffix] of [["noise", "noise", ""], ["train-ratio", "train_ratio", "%"],
    ["batch-size", "batch_size", ""]]) {
    const input = $(id);
    input.addEventListener("input", () => { $(id + "-value").textContent = input.value + suffix; });
    input.addEventListener("change", () => sendConfig({ [key]: Number(input.value) }));
  }
  $("regenerate").addEventListener("click", () => send({ type: "regenerate" }));

  // hidden layers
  $("add-layer").addEventListener("click", () => {
    if (!app.config) return;
    sendConfig({ hidden: [...app.config.hidden, 2] });
  });
  $("remove-layer").addEventListener("click", () => {
    if (!app.config || !app.config.hidden.length) return;
    const hidden = app.config.hidden.slice(0, -1);
    const partial = { hidden };
    if ((app.config.layer_activations || []).length > hidden.length) {
      partial.layer_activations = app.config.layer_activations.slice(0, hidden.length);
    }
    sendConfig(partial);
  });

  // the output map's options and the draw mode
  $("show-test").addEventListener("change", (e) => {
    app.page.show_test = e.target.checked;
    ctx.setPoints();
    ctx.writeHash();
  });
  $("discretize").addEventListener("change", (e) => {
    app.page.discretize = e.target.checked;
    ctx.drawMap();
    ctx.writeHash();
  });
  $("draw").addEventListener("change", (e) => {
    $("map-wrap").classList.toggle("drawing", e.target.checked);
  });
  $("clear-points").addEventListener("click", () => send({ type: "clear_points" }));
  $("output-map").addEventListener("click", (e) => {
    if (!$("draw").checked || !app.state || app.mode !== "live") return;
    const r = e.currentTarget.getBoundingClientRect();
    const at = map.fromPx(e.clientX - r.left, e.clientY - r.top, r.width);
    if (!at) return;
    const raw = $("draw-class").value;
    const label = app.state.classes ? parseInt(raw, 10) || 0 : Number(raw) || 0;
    send({ type: "add_point", x: round(at[0]), y: round(at[1]), label });
  });

  // upload
  $("upload").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file || !app.session) return;
    const name = $("upload-name");
    delete name.dataset.i18n; // the file's name, in no language
    name.textContent = file.name;
    const err = $("upload-error");
    err.textContent = "";
    err.said = undefined;
    ctx.uploadNote("");
    let body = null, status = 0;
    try {
      const res = await fetch(`/api/session/${encodeURIComponent(app.session)}/data`, {
        method: "POST", body: file, headers: { "Content-Type": "text/csv" },
      });
      status = res.status;
      body = await res.json().catch(() => null);
    } catch (exc) {
      body = { ok: false, error: String(exc) };
    }
    if (body && body.ok) {
      toast(t("uploadOk", { n: body.rows }));
      // the csv_task event that follows writes the same text there
      ctx.uploadNote(body.note, body.note_zh);
    } else {
      err.said = body?.error ? [body.error, body.zh] : null;
      err.status = status;
      sayUploadError();
    }
    e.target.value = "";
  });

  function sayUploadError() {
    const err = $("upload-error");
    if (err.said === undefined) return;
    err.textContent = err.said ? pick(...err.said) : t("uploadFailed", { status: err.status });
  }
  document.addEventListener("ng-lang", sayUploadError);

  // edges, chart
  $("edge-mode").addEventListener("change", (e) => network.setEdgeMode(e.target.value));
  $("chart-metric").addEventListener("change", (e) => { chart.metric = e.target.value; chart.draw(); });

  // timeline: dragging seeks (at most every 120 ms); play returns to live
  const tl = $("timeline");
  let last = 0, timer = null;
  const seek = () => {
    last = performance.now();
    send({ type: "seek", epoch: Number(tl.value) });
  };
  tl.addEventListener("input", () => {
    app.seeking = true;
    $("timeline-label").textContent = `${tl.value} / ${tl.max}`;
    clearTimeout(timer);
    if (performance.now() - last > 120) seek();
    else timer = setTimeout(seek, 120);
  });
  tl.addEventListener("change", () => {
    clearTimeout(timer);
    seek();
    app.seeking = false;
    if (app.mode === "live") ctx.setPlaying(false);
  });

  // explain and trace
  $("trace").addEventListener("click", () => send({ type: "trace", sample: ctx.sampleIndex() }));

  // language and theme
  $("lang").addEventListener("click", () => {
    const next = getLang() === "zh" ? "en" : "zh";
    localStorage.setItem("ng-lang", next);
    relabel(next);
  });
  $("theme").addEventListener("click", () => {
    const root = document.documentElement;
    const next = root.dataset.theme === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    localStorage.setItem("ng-theme", next);
    setTheme(next); // every colour table follows the background
    redrawPreviews($("datasets"));
    ctx.redrawLegend();
    ctx.rebuildNetwork();
    ctx.setPoints();
    ctx.drawMap();
    ctx.scheduleCharts();
  });
  function relabel(lang) {
    setLang(lang);
    ctx.setPlaying(app.playing);
    ctx.syncControls();
    ctx.rebuildNetwork();
    if (app.state) {
      $("test-accuracy-label").textContent = t(app.state.classes ? "testAccuracy" : "r2");
    }
    for (const b of document.querySelectorAll(".dataset")) nameDataset(b);
    ctx.relabelServerText();
    $("mode-badge").textContent = t("replaying");
    ctx.writeHash();
    ctx.scheduleCharts();
  }

  // a hash typed or pasted by hand
  window.addEventListener("hashchange", () => {
    const { config, page } = fromHash(location.hash, app.settings || {});
    if (page.lang && page.lang !== getLang()) relabel(page.lang);
    if (app.mode === "live" && app.config && Object.keys(config).length && !matches(app.config, config)) {
      sendConfig(config);
    }
  });

  // a new width: lay the network out again
  let width = window.innerWidth, resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (window.innerWidth !== width) { width = window.innerWidth; ctx.rebuildNetwork(); }
      ctx.scheduleCharts();
    }, 150);
  });
}

function round(v) {
  return Math.round(v * 1000) / 1000;
}
