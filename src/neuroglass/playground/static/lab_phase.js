// The neuron lab's phase plane (lab_phase from the server): the nullclines at
// the present current, the fixed points by stability (filled: stable, hollow:
// unstable), a light vector field, and the live trajectory of the running
// neuron from the frames' u (Izhikevich) or n (Hodgkin–Huxley) samples.

import { cssVar, fitCanvas, fmt, polyline } from "./lab_canvas.js";
import { pick, t } from "./lab_i18n.js";
import { font } from "./fonts.js";

const ARROW_PX = 10;

function axes(ctx, p, g) {
  const [x0, x1] = p.x.range, [y0, y1] = p.y.range;
  ctx.strokeStyle = cssVar("--line"); ctx.fillStyle = cssVar("--muted");
  ctx.font = font(11); ctx.lineWidth = 1;
  ctx.strokeRect(g.left, g.top, g.right - g.left, g.bottom - g.top);
  ctx.textAlign = "center";
  ctx.fillText(`${x0}`, g.left, g.bottom + 13);
  ctx.fillText(`${x1}`, g.right, g.bottom + 13);
  ctx.fillText(`${p.x.name}${p.x.unit ? ` (${p.x.unit})` : ""}`, (g.left + g.right) / 2, g.bottom + 13);
  ctx.textAlign = "right";
  ctx.fillText(fmt(y1, 2), g.left - 4, g.top + 9);
  ctx.fillText(fmt(y0, 2), g.left - 4, g.bottom);
  ctx.fillText(p.y.name, g.left - 4, (g.top + g.bottom) / 2 + 4);
  ctx.textAlign = "left";
}

function field(ctx, p, g) {
  ctx.strokeStyle = cssVar("--muted"); ctx.globalAlpha = 0.35; ctx.lineWidth = 1;
  for (const [x, y, dx, dy] of p.field) {
    const px = dx * g.sx, py = -dy * g.sy, len = Math.hypot(px, py);
    if (!(len > 0)) continue;
    const ux = (px / len) * ARROW_PX, uy = (py / len) * ARROW_PX;
    const ax = g.x(x) - ux / 2, ay = g.y(y) - uy / 2, bx = ax + ux, by = ay + uy;
    ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by);
    ctx.lineTo(bx - 0.35 * ux + 0.25 * uy, by - 0.35 * uy - 0.25 * ux);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

function geometry(p, w, h) {
  const [x0, x1] = p.x.range, [y0, y1] = p.y.range;
  const g = { left: 40, right: w - 8, top: 8, bottom: h - 22 };
  g.sx = (g.right - g.left) / (x1 - x0);
  g.sy = (g.bottom - g.top) / (y1 - y0);
  g.x = (x) => g.left + (x - x0) * g.sx;
  g.y = (y) => g.bottom - (y - y0) * g.sy;
  return g;
}

function legend(ctx, p, g) {
  ctx.font = font(11);
  const items = [[cssVar("--orange"), t("nullX", { x: p.x.name })], [cssVar("--accent"), t("nullY", { y: p.y.name })]];
  let x = g.left + 6;
  for (const [color, label] of items) {
    ctx.fillStyle = color; ctx.fillRect(x, g.top + 6, 14, 3);
    ctx.fillStyle = cssVar("--fg"); ctx.fillText(label, x + 18, g.top + 11);
    x += ctx.measureText(label).width + 32;
  }
}

/** draw lab.phase with the trajectory from lab.samples (those with w) */
export function drawPhase(canvas, lab) {
  const p = lab.phase;
  const [ctx, w, h] = fitCanvas(canvas);
  if (!p || !p.available || !lab.model || p.model !== lab.model.model) return;
  const g = geometry(p, w, h);
  axes(ctx, p, g);
  ctx.save();
  ctx.beginPath(); ctx.rect(g.left, g.top, g.right - g.left, g.bottom - g.top); ctx.clip();
  field(ctx, p, g);
  ctx.lineWidth = 2;
  p.nullclines.forEach((ys, k) => {
    ctx.strokeStyle = cssVar(k ? "--accent" : "--orange");
    polyline(ctx, p.xs.map((x, i) => (ys[i] === null ? null : [g.x(x), g.y(ys[i])])));
  });
  const path = lab.samples.filter((s) => s.w !== undefined);
  ctx.strokeStyle = cssVar("--fg"); ctx.globalAlpha = 0.55; ctx.lineWidth = 1.2;
  polyline(ctx, path.map((s) => [g.x(s.v), g.y(s.w)]));
  ctx.globalAlpha = 1;
  for (const fp of p.fixed_points) {
    ctx.beginPath(); ctx.arc(g.x(fp.v), g.y(fp.w), 5, 0, 2 * Math.PI);
    ctx.fillStyle = fp.stable ? cssVar("--fg") : cssVar("--bg");
    ctx.fill(); ctx.strokeStyle = cssVar("--fg"); ctx.lineWidth = 1.5; ctx.stroke();
  }
  const now = path[path.length - 1];
  if (now) {
    ctx.fillStyle = cssVar("--danger");
    ctx.beginPath(); ctx.arc(g.x(now.v), g.y(now.w), 4, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.restore();
  legend(ctx, p, g);
  lab.phaseDrawn = { trajectory: path.length, fixedPoints: p.fixed_points.length };
}

/** the words under the plane: bifurcations, what the present current does */
export function phaseText(p) {
  if (!p || !p.available) return "";
  const parts = [];
  if (p.I_SN !== null) {
    const hopf = p.I_H === null ? t("noHopf") : t("hopf", { h: fmt(p.I_H, 2) });
    parts.push(t("bifurcations", { sn: fmt(p.I_SN, 2), hopf }));
  }
  const rest = p.fixed_points.find((fp) => fp.stable);
  if (rest) parts.push(t("nowRest", { I: fmt(p.I, 2), kind: t(rest.stability), v: fmt(rest.v, 1) }));
  else if (p.fixed_points.length) parts.push(t("nowUnstable", { I: fmt(p.I, 2) }));
  else parts.push(t("nowNoRest", { I: fmt(p.I, 2) }));
  return `${parts.join(" ")} ${pick(p.note)}`;
}
