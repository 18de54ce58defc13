"""Chinese figure text is drawn with a CJK font, not as boxes."""

import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from neuroglass.views.figures._fonts import use_cjk_fonts


def _draw_chinese():
    fig, ax = plt.subplots()
    ax.set_title("膜电位 (mV)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_without_a_cjk_font_chinese_is_boxes_and_the_check_sees_it():
    with mpl.rc_context({"font.family": ["DejaVu Sans"]}):
        assert _draw_chinese(), "the missing-glyph warning is how boxes are caught"


def test_use_cjk_fonts_draws_chinese_and_keeps_latin_text_as_it_was():
    with mpl.rc_context({"font.family": ["sans-serif"]}):
        families = use_cjk_fonts()
        assert families, "make test installs fonts-noto-cjk"
        assert mpl.rcParams["font.family"][0] == "sans-serif"  # Latin unchanged
        assert families[0] in mpl.rcParams["font.family"]
        assert _draw_chinese() == []
        use_cjk_fonts()  # twice: nothing added twice
        assert mpl.rcParams["font.family"].count(families[0]) == 1


def test_no_cjk_font_is_a_warning_that_says_what_to_install(monkeypatch):
    from neuroglass.views.figures import _fonts

    monkeypatch.setattr(_fonts, "_available", lambda: ())
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert _fonts.use_cjk_fonts() == ()
