"""The report's page: its CSS, embedded images, tables and numbers as text."""

from __future__ import annotations

import base64
import html
import io

import numpy as np

#: the Latin fonts first (Latin text and digits look as they always did), then
#: the common Chinese fonts of macOS, Windows, Linux and Adobe's Source Han
CJK_FONTS = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC"'
)

#: monospaced fonts whose Chinese characters are exactly two Latin columns wide,
#: as ng.explain lays out its Chinese text (Debian's fonts-noto-cjk, Sarasa)
CJK_MONO = '"Noto Sans Mono CJK SC", "Sarasa Mono SC"'

CSS = f"""
body {{ font-family: system-ui, -apple-system, "Segoe UI", {CJK_FONTS}, sans-serif;
       margin: 2rem auto; max-width: 1100px; color: #222; line-height: 1.45;
       padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: 0.2rem; }} h2 {{ margin-top: 2rem;
     border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }}
.meta {{ color: #666; }} table {{ border-collapse: collapse; margin: 0.5rem 0; }}
td, th {{ border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left;
         font-size: 0.9rem; }}
th {{ background: #f4f5f6; }} .figures {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
figure {{ margin: 0; }} figure img {{ max-width: 100%; border: 1px solid #eee; }}
figcaption {{ font-size: 0.85rem; color: #555; }}
.diag {{ border-left: 4px solid #d55e00; padding: 0.3rem 0.8rem; margin: 0.6rem 0;
        background: #fff6f0; }}
.diag.info {{ border-color: #0877bd; background: #f0f7fc; }}
pre {{ background: #f7f7f7; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem;
      font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono",
      {CJK_FONTS}, monospace; }}
.ok {{ color: #009e73; }}
:lang(zh) pre {{ font-family: {CJK_MONO}, ui-monospace, "SFMono-Regular", Menlo,
      Consolas, "DejaVu Sans Mono", {CJK_FONTS}, monospace; }}
"""


def png(fig_or_ax, dpi=90) -> str:
    """The figure (or an Axes' figure) as base64 PNG; the figure is closed."""
    import matplotlib.pyplot as plt

    fig = fig_or_ax if hasattr(fig_or_ax, "savefig") else fig_or_ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(title, fig_or_ax) -> str:
    """An embedded image with its caption."""
    data = png(fig_or_ax)
    return (
        f'<figure><img alt="{html.escape(title)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{html.escape(title)}'
        "</figcaption></figure>"
    )


def table(rows, header=None) -> str:
    out = ["<table>"]
    if header:
        out.append(
            "<tr>"
            + "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
            + "</tr>"
        )
    for row in rows:
        out.append(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def fmt(value) -> str:
    """A result as text: 4 significant digits, ``-`` when missing."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)
