"""The book builds in both languages, links each page to its translation, and
its Chinese pages are found by a Chinese query (mkdocs build --strict, ~6 s)."""

import json
import posixpath
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
PAGES = sorted(p.name.removesuffix(".en.md") for p in BOOK.glob("*.en.md"))

pytestmark = pytest.mark.slow  # the site: one build per test worker (conftest.py)


def _html(site: Path, lang: str, page: str) -> str:
    prefix = "" if lang == "en" else "zh/"
    path = f"{prefix}index.html" if page == "index" else f"{prefix}{page}/index.html"
    return (site / path).read_text(encoding="utf-8")


def test_both_editions_are_built_with_their_language_and_figures(site):
    for page in PAGES:
        assert '<html lang="en"' in _html(site, "en", page), page
        assert '<html lang="zh"' in _html(site, "zh", page), page
    assert "快速入门" in _html(site, "zh", "getting-started")
    english = (site / "figures/getting_started.svg").read_bytes()
    chinese = (site / "zh/figures/getting_started.svg").read_bytes()
    assert english != chinese  # the zh edition gets the figure with Chinese labels
    # the figure scripts and their bytecode stay out of the site
    assert not [p.name for p in site.rglob("*") if p.suffix in (".py", ".pyc")]
    assert not list(site.rglob("__pycache__"))


def test_the_language_switcher_links_each_page_to_its_translation(site):
    for page in PAGES:
        for lang, other, prefix in (("en", "zh", ""), ("zh", "en", "zh/")):
            here = prefix if page == "index" else f"{prefix}{page}/"
            links = re.findall(
                rf'<a href="([^"]*)" hreflang="{other}"', _html(site, lang, page)
            )
            assert links, f"{lang} {page}: no link to the {other} edition"
            # relative, or from the site's root (site_url's path is /)
            target = posixpath.normpath(posixpath.join("/" + here, links[0]))[1:]
            target = target + "/" if target else ""
            assert target == ("" if other == "en" else "zh/") + (
                "" if page == "index" else f"{page}/"
            ), f"{lang} {page}: the switcher links to {links[0]!r}"


def test_a_chinese_query_finds_its_page(site):
    import jieba

    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    separator = re.compile(index["config"]["separator"])
    # jieba joins the words of Chinese text with U+200B; the separator must split
    # there, or the whole sentence is one token and no query matches it
    assert separator.split("决策\u200b边界") == ["决策", "边界"]

    def tokens(doc):
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        return {t for t in separator.split(text) if t}

    segmenter = jieba.Tokenizer()  # as the build's, with the glossary's words
    with open(BOOK / "jieba-user-dict.txt", "rb") as words:
        segmenter.load_userdict(words)
    query = [w for w in segmenter.cut("决策边界") if w.strip()]
    assert query == ["决策边界"]  # a glossary term stays one word
    found = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if set(query) <= tokens(doc)
    }
    assert "zh/getting-started/" in found, found
    assert all(location.startswith("zh/") for location in found), found


def test_the_cli_pages_list_every_command(site):
    from neuroglass.cli.parser import build_parser
    from neuroglass.cli.reference import commands

    names = [child.prog for child, _, _ in commands(build_parser())]
    assert len(names) >= 10, names
    for lang in ("en", "zh"):
        page = _html(site, lang, "cli")
        missing = [
            name
            for name in names
            if f'<h2 id="{name.replace(" ", "-")}"' not in page
            and f'<h3 id="{name.replace(" ", "-")}"' not in page
        ]
        assert not missing, f"{lang} CLI page lacks {missing}"
