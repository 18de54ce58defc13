"""views/explain/_blocks.py: sentences wrapped by display width, Chinese too."""

import textwrap

import neuroglass as ng
from neuroglass.views.explain._blocks import Prose, width, wrap
from neuroglass.views.explain._words import Math


def test_width_counts_a_chinese_character_as_two_columns():
    assert width("abc") == 3 and width("前向传播") == 8 and width("第1层") == 5


def test_chinese_lines_fit_the_width_and_break_at_the_right_places():
    net = ng.mlp([3, 4, 3, 2], activation="relu", loss="mse", seed=0)
    ex = ng.explain.backward(net, [[0.1, 0.2, 0.3]] * 3, [[1.0, 0.0]] * 3, lang="zh")
    sentences = [block for block in ex._blocks if isinstance(block, Prose)]
    assert sum(len(block.to_text("zh")) > 1 for block in sentences) >= 2
    for block in sentences:
        for line in block.to_text("zh"):
            assert width(line) <= 88, line
            assert line.strip()[0] not in "，。；：）、", line
    # a long sentence is wrapped, never inside a formula
    parts = [
        "每一层先计算",
        Math("z = a_prev W + b", "z"),
        "（每个单元一个加权和）。" * 6,
    ]
    lines = wrap(parts, 40)
    assert len(lines) > 3
    assert any(Math("z = a_prev W + b", "z") in line for line in lines)
    for line in lines:
        assert width("".join(p if isinstance(p, str) else p.text for p in line)) <= 40
        first = line[0] if isinstance(line[0], str) else line[0].text
        assert first[0] not in "，。；：）"


def test_english_wraps_as_before():
    sentence = (
        "Each layer computes a weighted sum per unit, then applies f. " * 5
    ).strip()
    expected = textwrap.wrap(sentence, 40, break_long_words=False)
    assert ["".join(line) for line in wrap([sentence], 40)] == expected
