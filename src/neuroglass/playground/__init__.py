"""The playground: TensorFlow Playground's experience on the neuroglass engine.

``neuroglass playground`` starts it; :func:`create_app` builds the ASGI app for
tests and embedding; the wire format is in docs/playground-protocol.md.
"""

from .server import create_app, serve

__all__ = ["create_app", "serve"]
