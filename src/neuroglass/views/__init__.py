"""Views: figures, worked examples of the math, reports. They read networks, runs
and arrays (duck-typed), never modify them, and never import the estimators."""
