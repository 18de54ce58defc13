"""The command's tests read its English output unless they ask for Chinese:
the language variables of the developer's shell (a zh_CN locale, say) are
cleared for every test, and subprocesses inherit the cleared environment."""

import pytest

LANGUAGE_VARIABLES = ("NEUROGLASS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_environment(monkeypatch):
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


#: Latin words a Chinese message may hold: names (of the program, models, data
#: sets, activations, schemes, formats), units and symbols, as they are typed
NAMES = set(
    """neuroglass TensorFlow Playground LIF Izhikevich Hodgkin Huxley CSV NaN HTML
    Hz ms nA uA cm MB mV dt dW Fig PNG SVG PDF RS IB CH FS TC RZ LTS AMPLITUDE
    START STOP DIR
    NAME PATH ANN npz ngrun png svg pdf tanh sigmoid relu bce mse float64 float32
    dense exact published euler rk4 sequential exp circle xor gauss spiral spirals
    blobs plane digits iris sgd adam He glorot elu sin fit clip norm optimizer
    leaky izhikevich lif hh softmax identity en zh auto classify regress weights
    gradients updates network boundary neurons history landscape distributions
    gradient flow update ratios activations dashboard momentum nesterov""".split()
)


def english_words(text: str) -> set:
    """The English words left in ``text``: Latin words that are not an option
    (``--lang``), a placeholder, a file or identifier (``dense_1``, ``x1``,
    ``model.npz``) or a name in ``NAMES``."""
    import re

    text = re.sub(r"\{[^}]*\}|%\(\w+\)s", " ", text)  # placeholders
    text = re.sub(r"neuroglass(?: [a-z][\w-]*)*", " ", text)  # a command line
    text = re.sub(r"-{1,2}[a-z][\w-]*(?: [a-z]\w*\b)?", " ", text)  # options, values
    text = re.sub(r"\S*[/.\\_=]\S*|\S*\d\S*", " ", text)  # paths, identifiers
    words = set(re.findall(r"[A-Za-z]+", text))
    return {w for w in words if w not in NAMES and len(w) > 1}


@pytest.fixture
def no_english():
    """``no_english(text)``: assert that ``text`` holds no English words."""

    def check(text, where=""):
        left = english_words(text)
        assert not left, f"English words {sorted(left)} in {where or text!r}"

    return check
