// Small drawing helpers shared by the neuron lab's panels.

export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** size the canvas to its CSS box (times the pixel ratio); [ctx, width, height] */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return [ctx, w, h];
}

/** a polyline through points [x, y] (pixels); null points break it */
export function polyline(ctx, points) {
  ctx.beginPath();
  let pen = false;
  for (const p of points) {
    if (p === null) { pen = false; continue; }
    if (pen) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]);
    pen = true;
  }
  ctx.stroke();
}

export function interp(xs, ys, x0) {
  if (x0 <= xs[0]) return ys[0];
  for (let k = 1; k < xs.length; k++) {
    if (x0 <= xs[k]) return ys[k - 1] + ((ys[k] - ys[k - 1]) * (x0 - xs[k - 1])) / (xs[k] - xs[k - 1]);
  }
  return ys[ys.length - 1];
}

/** a number shown with at most `digits` decimals and no trailing zeros */
export function fmt(x, digits = 2) {
  return Number.isFinite(x) ? String(Number(x.toFixed(digits))) : "—";
}
