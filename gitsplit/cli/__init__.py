"""The click command line: thin commands over the logic modules.

The top layer: may import every package; nothing but ``__main__`` imports it.
"""
