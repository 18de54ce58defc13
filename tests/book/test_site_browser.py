"""The built book in Chromium, as a reader sees it: the language switcher, every
Chinese character drawn with a real glyph (not the fallback box), figures and
formulas loaded, nothing fetched that the site does not hold."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name.removesuffix(".en.md") for p in (ROOT / "book").glob("*.en.md"))
ARTIFACTS = ROOT / "test-artifacts" / "book"
HAN = re.compile(r"[\u4e00-\u9fff]")

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _url(site_url, lang, page):
    prefix = "/" if lang == "en" else "/zh/"
    return site_url + prefix + ("" if page == "index" else f"{page}/")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.failures = []  # what the site could not serve, or a script error
    pg.on(
        "response",
        lambda r: r.status >= 400 and pg.failures.append(f"{r.status} {r.url}"),
    )
    pg.on("requestfailed", lambda r: pg.failures.append(f"failed {r.url}"))
    pg.on("pageerror", lambda exc: pg.failures.append(f"error {exc}"))
    yield pg
    context.close()


def test_the_switcher_opens_the_same_page_in_the_other_language(page, site_url):
    page.goto(_url(site_url, "en", "getting-started"))
    assert page.get_attribute("html", "lang") == "en"
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang='zh']")
    page.wait_for_url("**/zh/getting-started/")
    assert page.get_attribute("html", "lang") == "zh"
    assert HAN.search(page.text_content("h1"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "getting-started-zh.png"))
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang='en']")
    page.wait_for_url("**/getting-started/")
    assert page.get_attribute("html", "lang") == "en"
    assert not HAN.search(page.text_content("h1"))


# each distinct Chinese character of the page, measured in the font of the text
# around it, against a character no font has (drawn as the fallback box): a
# real CJK glyph is a full em wide, the box about a third of that
MEASURE = """() => {
  const article = document.querySelector("article");
  const chars = [...new Set(article.innerText.match(/[\\u4e00-\\u9fff]/g) || [])];
  const probe = document.createElement("span");
  article.appendChild(probe);
  const width = (text) => {
    probe.textContent = text;
    return probe.getBoundingClientRect().width;
  };
  const box = width("\\u{10FFFD}");
  const widths = Object.fromEntries(chars.map((c) => [c, width(c)]));
  probe.remove();
  return { box, widths };
}"""


@pytest.mark.parametrize("name", PAGES)
def test_every_chinese_character_has_a_glyph(page, site_url, name):
    page.goto(_url(site_url, "zh", name))
    measured = page.evaluate(MEASURE)
    widths, box = measured["widths"], measured["box"]
    assert len(widths) > 10, f"zh/{name}: hardly any Chinese text"
    boxes = sorted(c for c, w in widths.items() if w < 1.5 * box)
    assert not boxes, f"zh/{name}: drawn as fallback boxes ({box:.1f}px): {boxes}"
    # and in a Simplified Chinese face, as the page's CSS asks
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    families = [font["familyName"] for font in fonts["fonts"]]
    assert any(family.endswith(" SC") for family in families), families


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_and_formulas_load_from_the_site_itself(page, site_url, lang):
    formulas = 0
    for name in PAGES:
        page.goto(_url(site_url, lang, name))
        page.wait_for_load_state("load")
        broken = page.evaluate(
            """() => [...document.querySelectorAll("article img")]
                 .filter((img) => !img.complete || img.naturalWidth === 0)
                 .map((img) => img.src)"""
        )
        assert not broken, f"{lang}/{name}: figures that did not load: {broken}"
        # KaTeX typesets every formula arithmatex left, and none fails
        page.wait_for_function(
            """() => [...document.querySelectorAll(".arithmatex")]
                 .every((e) => e.querySelector(".katex"))"""
        )
        assert page.locator(".katex-error").count() == 0, f"{lang}/{name}"
        formulas += page.locator(".arithmatex").count()
    assert not page.failures, page.failures
    assert formulas > 20, f"the {lang} edition typesets only {formulas} formulas"
