"""The click command line: thin commands over the logic modules."""
