// The pages' font stack (the same as style.css's body), for text drawn on
// canvases: the Latin fonts first, then the common Chinese fonts of each
// platform (macOS, Windows, Linux), so Chinese labels never fall back to boxes.

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", ' +
  '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", ' +
  '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** a canvas font: `font(11)` -> "11px system-ui, ..."; `font(12, "bold")` */
export function font(px, weight = "") {
  return `${weight ? weight + " " : ""}${px}px ${FONT_STACK}`;
}
