"""gitsplit: the architect–execute split inside git."""

__version__ = "0.1.0"
