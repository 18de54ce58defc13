"""Fonts for Chinese figure text: glyph-by-glyph fallback from DejaVu Sans to a
CJK font (matplotlib >= 3.6 falls back within one Text; the SC face of Noto's
.ttc collection needs matplotlib >= 3.11).

:func:`use_cjk_fonts` is called by a figure drawn with ``lang="zh"``. It makes
the CJK font known to matplotlib (also when the font cache predates the font),
and appends the CJK families to ``font.family`` after the families already
there, so Latin text and digits look exactly as before. (matplotlib falls back
glyph by glyph along ``font.family`` only: a generic family such as
"sans-serif" stands for the one font of ``font.sans-serif`` found first, so
CJK fonts appended to ``font.sans-serif`` would never be reached.)
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

#: the common CJK families of each platform, in order of preference: Debian's
#: fonts-noto-cjk, Source Han (Adobe), macOS, Windows
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
)
#: where Debian, Fedora and Arch put Noto Sans CJK
CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


@cache
def _available() -> tuple[str, ...]:
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if not names & set(CJK_FAMILIES):
        for path in CJK_FILES:
            if Path(path).exists():
                font_manager.fontManager.addfont(path)
                break
        names = {font.name for font in font_manager.fontManager.ttflist}
    return tuple(name for name in CJK_FAMILIES if name in names)


def use_cjk_fonts() -> tuple[str, ...]:
    """Make Chinese text drawable; returns the CJK families in use (empty, with
    a warning saying what to install, when there is none)."""
    import matplotlib as mpl

    families = _available()
    if not families:
        warnings.warn(
            "no Chinese font found, so Chinese text will be drawn as boxes; "
            "install one (Debian/Ubuntu: apt install fonts-noto-cjk; macOS and "
            "Windows have PingFang SC / Microsoft YaHei) and draw again",
            UserWarning,
            stacklevel=3,
        )
        return ()
    current = list(mpl.rcParams["font.family"])
    missing = [name for name in families if name not in current]
    if missing:
        mpl.rcParams["font.family"] = current + missing
    return families
