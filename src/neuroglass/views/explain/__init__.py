"""Worked examples of the math, with the network's own numbers filled in."""
