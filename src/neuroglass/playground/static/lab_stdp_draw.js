// The STDP panel's three canvases (lab_stdp.js): the window W(Δt) with the
// marker, the pre/post spike order, and the weight after each simulated pair.
// Colours are the CSS variables of style.css, read at each paint (light/dark).

import { cssVar, fitCanvas as fitToBox } from "./lab_canvas.js";
import { t } from "./lab_stdp_strings.js";
import { font } from "./fonts.js";

const FONT = font(11);


function fitCanvas(canvas) {
  const [ctx, w, h] = fitToBox(canvas);
  ctx.font = FONT;
  return [ctx, w, h];
}

function line(ctx, points) {
  ctx.beginPath();
  points.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.stroke();
}

// A number for an axis tick: short, no float noise.
export function tick(x) {
  return Number(x.toPrecision(3)).toString();
}

// The window; returns the geometry the drag uses (tOf: pixel -> Δt).
export function drawWindow(canvas, curve, deltaT, deltaW) {
  const [ctx, w, h] = fitCanvas(canvas);
  const left = 56, right = w - 12, top = 18, bottom = h - 36;
  const [tLow, tHigh] = curve.range;
  const peak = Math.max(...curve.ltp.delta_w, ...curve.ltd.delta_w.map(Math.abs), 1e-12) * 1.15;
  const x = (dt) => left + ((dt - tLow) / (tHigh - tLow)) * (right - left);
  const y = (dw) => top + ((peak - dw) / (2 * peak)) * (bottom - top);
  const tOf = (px) => tLow + ((px - left) / (right - left)) * (tHigh - tLow);
  ctx.strokeStyle = cssVar("--line"); ctx.fillStyle = cssVar("--muted"); ctx.lineWidth = 1;
  ctx.strokeRect(left, top, right - left, bottom - top);
  line(ctx, [[left, y(0)], [right, y(0)]]);
  line(ctx, [[x(0), top], [x(0), bottom]]);
  ctx.textAlign = "center";
  for (let dt = tLow; dt <= tHigh; dt += 50) ctx.fillText(`${dt}`, x(dt), bottom + 13);
  ctx.fillText(t("xAxis"), (left + right) / 2, h - 6);
  ctx.textAlign = "right";
  for (const dw of [peak / 1.15, 0, -peak / 1.15]) ctx.fillText(tick(dw), left - 4, y(dw) + 4);
  ctx.textAlign = "left";
  ctx.fillText(t("yAxis"), left + 4, top - 5);
  const branches = [
    [curve.ltp, cssVar("--accent"), t("ltp"), right - 34, y(peak / 2)],
    [curve.ltd, cssVar("--danger"), t("ltd"), left + 8, y(-peak / 2)],
  ];
  for (const [branch, colour, label, lx, ly] of branches) {
    const points = branch.delta_t.map((dt, k) => [x(dt), y(branch.delta_w[k])]);
    ctx.globalAlpha = 0.12; ctx.fillStyle = colour;
    ctx.beginPath(); ctx.moveTo(points[0][0], y(0));
    points.forEach(([px, py]) => ctx.lineTo(px, py));
    ctx.lineTo(points[points.length - 1][0], y(0)); ctx.fill();
    ctx.globalAlpha = 1; ctx.strokeStyle = colour; ctx.lineWidth = 2;
    line(ctx, points);
    ctx.fillStyle = colour; ctx.font = font(12, "bold");
    ctx.fillText(label, lx, ly); ctx.font = FONT;
  }
  const marker = { x: x(deltaT), y: y(deltaW) };
  ctx.setLineDash([3, 3]); ctx.strokeStyle = cssVar("--orange"); ctx.lineWidth = 1;
  line(ctx, [[marker.x, marker.y], [marker.x, y(0)]]);
  ctx.setLineDash([]);
  ctx.fillStyle = cssVar("--orange"); ctx.strokeStyle = cssVar("--bg"); ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(marker.x, marker.y, 8, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  return { left, right, top, bottom, tOf, marker };
}

// Pre and post spikes on two rows, the pair at the chosen Δt in the middle and
// its neighbours where they fall within the view.
export function drawOrder(canvas, deltaT, period) {
  const [ctx, w, h] = fitCanvas(canvas);
  const left = 58, right = w - 10, rows = { pre: h * 0.3, post: h * 0.72 };
  const span = Math.max(60, 3 * Math.abs(deltaT));
  const centre = deltaT / 2;
  const x = (time) => left + ((time - (centre - span / 2)) / span) * (right - left);
  ctx.textAlign = "left";
  for (const [row, yRow] of Object.entries(rows)) {
    ctx.strokeStyle = cssVar("--line"); ctx.lineWidth = 1;
    line(ctx, [[left, yRow], [right, yRow]]);
    ctx.fillStyle = cssVar("--muted"); ctx.fillText(t(row), 4, yRow + 4);
  }
  const spike = (time, yRow, colour, width) => {
    const px = x(time);
    if (px < left || px > right) return;
    ctx.strokeStyle = colour; ctx.lineWidth = width;
    line(ctx, [[px, yRow - 14], [px, yRow + 14]]);
  };
  for (let k = -3; k <= 3; k++) { // the neighbouring pairs, faint
    if (k === 0) continue;
    spike(k * period, rows.pre, cssVar("--muted"), 1);
    spike(k * period + deltaT, rows.post, cssVar("--muted"), 1);
  }
  ctx.fillStyle = cssVar("--muted"); ctx.textAlign = "right";
  ctx.fillText("t →", right, h - 4);
  const colour = deltaT > 0 ? cssVar("--accent") : deltaT < 0 ? cssVar("--danger") : cssVar("--fg");
  spike(0, rows.pre, colour, 3);
  spike(deltaT, rows.post, colour, 3);
  if (deltaT !== 0) { // an arrow from the first spike's time to the second's
    const yMid = (rows.pre + rows.post) / 2, from = x(Math.min(0, deltaT)), to = x(Math.max(0, deltaT));
    ctx.strokeStyle = cssVar("--orange"); ctx.lineWidth = 1.5;
    line(ctx, [[from, yMid], [to, yMid]]);
    line(ctx, [[to - 6, yMid - 4], [to, yMid], [to - 6, yMid + 4]]);
    ctx.fillStyle = cssVar("--orange"); ctx.textAlign = "center";
    ctx.fillText(`${Math.abs(deltaT)} ms`, (from + to) / 2, yMid - 5);
  }
}

// The weight after each pair: simulated (solid) and w0 + k W(Δt) (dashed).
export function drawPairs(canvas, pairs, params, deltaW) {
  const [ctx, w, h] = fitCanvas(canvas);
  const left = 56, right = w - 12, top = 22, bottom = h - 34;
  const weights = pairs.weights, n = weights.length - 1, w0 = weights[0];
  const alone = weights.map((_, k) => w0 + k * deltaW);
  const shown = [...weights, ...alone];
  if (params.bounded) shown.push(0, params.w_max);
  let low = Math.min(...shown), high = Math.max(...shown);
  if (high - low < 1e-9) { low -= 0.05; high += 0.05; }
  const pad = (high - low) * 0.08;
  low -= pad; high += pad;
  const x = (k) => left + (k / Math.max(n, 1)) * (right - left);
  const y = (v) => bottom - ((v - low) / (high - low)) * (bottom - top);
  ctx.strokeStyle = cssVar("--line"); ctx.lineWidth = 1;
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = cssVar("--muted");
  ctx.textAlign = "right";
  for (const v of [low + pad, (low + high) / 2, high - pad]) ctx.fillText(tick(v), left - 4, y(v) + 4);
  ctx.textAlign = "center";
  for (const k of [0, Math.round(n / 2), n]) ctx.fillText(`${k}`, x(k), bottom + 13);
  ctx.fillText(t("pairAxis"), (left + right) / 2, h - 6);
  ctx.textAlign = "left";
  ctx.fillText(t("weightAxis"), 4, top - 8);
  if (params.bounded) {
    ctx.setLineDash([2, 3]); ctx.strokeStyle = cssVar("--muted");
    for (const v of [0, params.w_max]) line(ctx, [[left, y(v)], [right, y(v)]]);
  }
  ctx.setLineDash([]); ctx.strokeStyle = cssVar("--accent"); ctx.lineWidth = 2;
  line(ctx, weights.map((v, k) => [x(k), y(v)]));
  if (n <= 60) {
    ctx.fillStyle = cssVar("--accent");
    weights.forEach((v, k) => { ctx.beginPath(); ctx.arc(x(k), y(v), 2.2, 0, 2 * Math.PI); ctx.fill(); });
  }
  // the prediction on top, dashed: still seen where the two coincide
  ctx.setLineDash([6, 4]); ctx.strokeStyle = cssVar("--orange"); ctx.lineWidth = 1.5;
  line(ctx, alone.map((v, k) => [x(k), y(v)]));
  ctx.setLineDash([]);
}
