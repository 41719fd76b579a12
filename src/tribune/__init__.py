"""Tribune: a self-hosted news-and-discussion site."""

__version__ = "0.1.0"
