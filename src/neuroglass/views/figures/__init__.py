"""matplotlib figures: ``plot_*(source, *, ax=None, **style) -> Axes``."""
