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

HAN_JS = r"/[\u4e00-\u9fff]/g"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _url(site_url, lang, page):
    prefix = "/" if lang == "en" else "/zh/"
    return site_url + prefix + ("" if page == "index" else f"{page}/")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.failures = []  # what the site could not serve, or a script error
    # (not Material's sitemap.xml prefetch: it looks for one beside each page's
    # translation, finds none, and carries on; the switcher does not need it)

    def failed(request, why):
        if not request.url.endswith("/sitemap.xml"):
            pg.failures.append(f"{why} {request.url}")

    pg.on("response", lambda r: r.status >= 400 and failed(r.request, r.status))
    # (a request cut short by the test going on to the next page is not a failure)
    pg.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and failed(r, r.failure),
    )
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


# each distinct Chinese character of the page, drawn in the font of the text
# around it, against a character no font has, which is drawn as the fallback box:
# a character is a box when its width and its pixels are the box's. (Width alone
# does not tell: Noto CJK's box is a full em wide, like its glyphs.)
MEASURE = """(CHARS) => {
  const article = document.querySelector("article");
  const chars = [...new Set(article.innerText.match(CHARS) || [])];
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.font = `32px ${getComputedStyle(article).fontFamily}`;
  ctx.textBaseline = "top";
  const draw = (c) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.fillText(c, 4, 4);
    const ink = ctx.getImageData(0, 0, 48, 48).data.join();
    return { width: ctx.measureText(c).width, ink };
  };
  const box = draw("\\u{10FFFD}");
  const boxes = chars.filter((c) => {
    const d = draw(c);
    return d.width === box.width && d.ink === box.ink;
  });
  return { count: chars.length, boxes };
}"""


def test_the_glyph_check_tells_a_box_from_a_character(page):
    # a Chinese character and one that no font has, which Chromium draws as a box
    page.set_content("<article>神经网络\U0010fffd</article>")
    chars = r"/[\u4e00-\u9fff]|\u{10FFFD}/gu"
    measured = page.evaluate(f"() => ({MEASURE})({chars})")
    assert measured == {"count": 5, "boxes": ["\U0010fffd"]}


@pytest.mark.parametrize("name", PAGES)
def test_every_chinese_character_has_a_glyph(page, site_url, name):
    page.goto(_url(site_url, "zh", name))
    measured = page.evaluate(f"() => ({MEASURE})({HAN_JS})")
    assert measured["count"] > 10, f"zh/{name}: hardly any Chinese text"
    assert not measured["boxes"], f"zh/{name}: drawn as boxes: {measured['boxes']}"
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
