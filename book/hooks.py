"""MkDocs hook: draw the book's figures from real runs before the pages are read.

Every ``book/figures/<name>.py`` defines ``draw(lang)`` returning a matplotlib
Figure; this writes ``book/figures/<name>.en.svg`` and ``<name>.zh.svg``
(gitignored), which a page includes as ``figures/<name>.svg``: the i18n plugin
picks the file of the page's language. A figure is redrawn only when its script
is newer than its SVGs, so ``mkdocs serve`` does not loop on its own output.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

FIGURES = Path(__file__).parent / "figures"
LANGUAGES = ("en", "zh")
# glyph by glyph fallback (matplotlib >= 3.6; the SC face of the .ttc needs 3.11):
# Latin text in DejaVu Sans, Chinese in Noto Sans CJK SC (Debian fonts-noto-cjk)
FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "sans-serif"]
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def on_pre_build(config) -> None:
    import matplotlib

    matplotlib.use("Agg")
    scripts = sorted(FIGURES.glob("*.py"))
    if scripts:
        _register_cjk_font()
    for script in scripts:
        outputs = [FIGURES / f"{script.stem}.{lang}.svg" for lang in LANGUAGES]
        if all(_newer(out, script) for out in outputs):
            continue
        draw = runpy.run_path(str(script))["draw"]
        for lang, out in zip(LANGUAGES, outputs):
            _draw_and_save(draw, lang, out)


def _register_cjk_font() -> None:
    """Make Noto Sans CJK SC known to matplotlib, even with a font cache older
    than the font (a stale cache would draw every Chinese character as a box)."""
    from matplotlib import font_manager

    if any(
        font.name == "Noto Sans CJK SC" for font in font_manager.fontManager.ttflist
    ):
        return
    if not CJK_FONT.exists():
        raise RuntimeError(
            f"the Chinese figures need the font {CJK_FONT}, which is missing; "
            "install Debian's fonts-noto-cjk (make docs does) and build again"
        )
    font_manager.fontManager.addfont(str(CJK_FONT))


def _newer(output: Path, script: Path) -> bool:
    return output.exists() and output.stat().st_mtime >= script.stat().st_mtime


def _draw_and_save(draw, lang: str, path: Path) -> None:
    import matplotlib.pyplot as plt

    # fonts are chosen when the text is made; the same figure gives the same
    # bytes: no date, a fixed hash salt
    with plt.rc_context({"svg.hashsalt": "neuroglass", "font.family": FONTS}):
        figure = draw(lang)
        # a name of this process's own: two builds at once (the tests' and
        # make docs, or two test workers) each replace the file atomically
        tmp = path.with_suffix(f".{os.getpid()}.svg.tmp")
        figure.savefig(tmp, format="svg", metadata={"Date": None})
    plt.close(figure)
    os.replace(tmp, path)
