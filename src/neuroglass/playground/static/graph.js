// A replayed model that is no network of dense layers (a PyTorch CNN, say): its layer
// graph in place of the neuron diagram. The boxes are the server's (layer_graph_data,
// the figure's numbers); each frame fills the boxes of the layers with parameters with
// that snapshot's gradient norm, update size, weights and units (replay_graph.py).

import { fmt } from "./protocol.js";
import { t, pick } from "./i18n.js";

const shapeText = (shape) => (shape && shape.length ? shape.join("×") : "");
const pct = (v) => (v === null || v === undefined ? "–" : `${Math.round(100 * v)}%`);

export class GraphView {
  constructor(container) {
    this.container = container;
    this.rows = new Map(); // layer name -> {stats, canvas}
  }

  /** draw the boxes of `graph` (state.graph): the input, then each module in order */
  build(graph) {
    const root = this.container;
    root.textContent = "";
    this.rows.clear();
    const list = document.createElement("div");
    list.className = "layer-graph";
    list.setAttribute("role", "list");
    const head = document.createElement("div");
    head.className = "graph-head";
    head.textContent = t("graphHead", { model: graph.model, n: graph.boxes.length,
      params: graph.n_params.toLocaleString("en") });
    root.append(head, list);
    if (graph.input_shape) list.append(this.box({ kind: "input", label: `${t("graphInput")} ${shapeText(graph.input_shape)}`, notes: "" }));
    const layers = new Set(graph.layers || []);
    for (const box of graph.boxes) {
      const el = this.box(box);
      if (layers.has(box.name)) {
        const stats = document.createElement("div");
        stats.className = "graph-stats";
        const canvas = document.createElement("canvas");
        canvas.className = "graph-hist";
        canvas.width = 120;
        canvas.height = 26;
        canvas.title = t("graphHistTitle");
        const line = document.createElement("div");
        line.className = "graph-line";
        line.append(stats, canvas);
        el.append(line);
        el.classList.add("has-params");
        this.rows.set(box.name, { stats, canvas, box: el });
      }
      list.append(el);
    }
  }

  box(box) {
    const el = document.createElement("div");
    el.className = `gbox ${box.kind}`;
    el.setAttribute("role", "listitem");
    if (box.name !== undefined) el.dataset.name = box.name;
    const label = document.createElement("div");
    label.className = "gbox-label";
    label.textContent = pick(box.label, box.label_zh); // the server words each box in both
    el.append(label);
    if (box.notes) {
      const notes = document.createElement("div");
      notes.className = "gbox-notes";
      notes.textContent = pick(box.notes, box.notes_zh);
      el.append(notes);
    }
    return el;
  }

  /** a frame's `layers`: each layer's numbers at the snapshot on view */
  update(header) {
    for (const row of header?.layers || []) {
      const view = this.rows.get(row.name);
      if (!view) continue;
      const parts = [
        `‖∇W‖ ${fmt(row.grad_norm)}`,
        `‖ΔW‖/‖W‖ ${fmt(row.update_ratio)}`,
        `W ${fmt(row.weight_mean)} ± ${fmt(row.weight_std)}`,
      ];
      if (row.dead_fraction !== null && row.dead_fraction !== undefined) parts.push(`${t("graphDead")} ${pct(row.dead_fraction)}`);
      if (row.saturated_fraction !== null && row.saturated_fraction !== undefined) parts.push(`${t("graphSaturated")} ${pct(row.saturated_fraction)}`);
      view.stats.textContent = parts.join(" · ");
      view.box.classList.toggle("dead", (row.dead_fraction || 0) >= 0.5);
      this.histogram(view.canvas, row.hist);
    }
  }

  histogram(canvas, counts) {
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!counts || !counts.length) return;
    const top = Math.max(...counts) || 1;
    const w = canvas.width / counts.length;
    ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#0877bd";
    counts.forEach((c, i) => {
      const h = (canvas.height - 2) * (c / top);
      ctx.fillRect(i * w, canvas.height - h, Math.max(1, w - 1), h);
    });
  }
}
