"""MkDocs hook: draw the book's figures from real runs before the pages are read.

Every ``book/figures/<name>.py`` defines ``draw(lang)`` returning a matplotlib
Figure; this writes ``book/figures/<name>.en.svg`` and ``<name>.zh.svg``
(gitignored), which a page includes as ``figures/<name>.svg``: the i18n plugin
picks the file of the page's language. A figure is redrawn when its script or
any module of ``src/neuroglass`` is newer than its SVGs (so ``mkdocs serve`` does
not loop on its own output, and a change to a figure function shows).

It also puts beside the pages what they use but the repo does not hold:
``gallery/`` (the playground screenshots of ``docs/gallery``, drawn by ``make
gallery``) and ``assets/katex/`` (KaTeX from Debian's libjs-katex, which typesets
the formulas offline: no CDN). Both are gitignored copies.
"""

from __future__ import annotations

import os
import runpy
import shutil
from pathlib import Path

BOOK = Path(__file__).parent
FIGURES = BOOK / "figures"
SOURCES = BOOK.parent / "src" / "neuroglass"
GALLERY = BOOK.parent / "docs" / "gallery"
KATEX = Path("/usr/share/javascript/katex")
LANGUAGES = ("en", "zh")
# glyph by glyph fallback (matplotlib >= 3.6; the SC face of the .ttc needs 3.11):
# Latin text in DejaVu Sans, Chinese in Noto Sans CJK SC (Debian fonts-noto-cjk)
FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "sans-serif"]
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def on_pre_build(config) -> None:
    import matplotlib

    matplotlib.use("Agg")
    _copy_tree(GALLERY, BOOK / "gallery", "make gallery draws it")
    _copy_tree(KATEX, BOOK / "assets" / "katex", "install Debian's libjs-katex")
    scripts = sorted(FIGURES.glob("*.py"))
    if scripts:
        _register_cjk_font()
    library = _newest(SOURCES.rglob("*.py"))
    for script in scripts:
        outputs = [FIGURES / f"{script.stem}.{lang}.svg" for lang in LANGUAGES]
        if all(_newer(out, max(library, _newest([script]))) for out in outputs):
            continue
        if not script.exists():  # removed since the folder was listed
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


def _newest(paths) -> float:
    # (a file removed while the build looks, say an editor's, does not count)
    return max((_mtime(path) for path in paths), default=0.0)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _newer(output: Path, mtime: float) -> bool:
    return output.exists() and output.stat().st_mtime >= mtime


def _copy_tree(source: Path, target: Path, how: str) -> None:
    """Copy ``source`` to ``target`` (links followed) unless it is there already."""
    if not source.is_dir():
        raise RuntimeError(f"the book needs {source}, which is missing: {how}")
    paths = [
        Path(folder) / name
        for folder, _, names in os.walk(source, followlinks=True)  # katex/fonts is one
        for name in names
    ]
    for path in sorted(paths):
        copy = target / path.relative_to(source)
        if not copy.exists() or copy.stat().st_mtime < path.stat().st_mtime:
            copy.parent.mkdir(parents=True, exist_ok=True)
            tmp = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")
            shutil.copy2(path, tmp)
            os.replace(tmp, copy)  # atomic: another build may be reading it


def _draw_and_save(draw, lang: str, path: Path) -> None:
    import matplotlib.pyplot as plt

    # fonts are chosen when the text is made; the same figure gives the same
    # bytes: no date, a fixed hash salt
    import neuroglass as ng

    # the figure functions follow ng.language, so a script's ng.plot calls draw
    # in the edition's language even where the script does not pass lang=
    with (
        plt.rc_context({"svg.hashsalt": "neuroglass", "font.family": FONTS}),
        ng.language(lang),
    ):
        figure = draw(lang)
        # a name of this process's own: two builds at once (the tests' and
        # make docs, or two test workers) each replace the file atomically
        tmp = path.with_suffix(f".{os.getpid()}.svg.tmp")
        figure.savefig(tmp, format="svg", metadata={"Date": None})
    plt.close(figure)
    os.replace(tmp, path)
