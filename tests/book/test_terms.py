"""The Chinese edition uses the book's terms (book/glossary.tsv), and the search
dictionary keeps each of them one word."""

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
CHINESE = sorted(BOOK.glob("*.zh.md"))


def _glossary():
    rows = []
    for line in (BOOK / "glossary.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, chinese, variants = [*line.split("\t"), ""][:3]
            rows.append((english, chinese, [v for v in variants.split(",") if v]))
    return rows


GLOSSARY = _glossary()
# where a variant is the right word: statistics' bias and variance
ALLOWED = re.compile(r"偏差[-–与和/]方差|方差[-–与和/]偏差")


def _variants_in(text: str):
    text = ALLOWED.sub("", text)
    for english, chinese, variants in GLOSSARY:
        for variant in variants:
            # a variant inside the right term is not one (均方差 in 均方误差 is not)
            for match in re.finditer(re.escape(variant), text):
                around = text[max(0, match.start() - 3) : match.end() + 3]
                if chinese not in around:
                    line = text.count("\n", 0, match.start()) + 1
                    yield line, variant, chinese, english


def test_the_glossary_is_well_formed():
    assert len(GLOSSARY) >= 30
    chinese = [c for _, c, _ in GLOSSARY]
    assert len(set(chinese)) == len(chinese), "a Chinese term is listed twice"
    for english, term, variants in GLOSSARY:
        assert english and term and term not in variants, english


@pytest.mark.parametrize("page", CHINESE, ids=lambda p: p.name)
def test_chinese_pages_use_the_glossary_terms(page):
    found = list(_variants_in(page.read_text(encoding="utf-8")))
    assert not found, "\n".join(
        f"book/{page.name}:{line}: {variant!r}; the book writes {chinese!r} ({english})"
        for line, variant, chinese, english in found
    )


def test_the_lint_catches_a_variant_and_spares_the_right_term():
    assert [v for _, v, *_ in _variants_in("权值和偏差")] == ["权值", "偏差"]
    assert list(_variants_in("均方误差，偏差-方差权衡，反向传播")) == []


def test_the_search_dictionary_keeps_every_term_whole():
    words = {
        line.split()[0]
        for line in (BOOK / "jieba-user-dict.txt").read_text("utf-8").splitlines()
        if line.strip()
    }
    missing = [c for _, c, _ in GLOSSARY if c not in words]
    assert not missing, f"add to book/jieba-user-dict.txt: {missing}"
