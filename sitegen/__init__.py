"""sitegen: a static site generator for company careers pages."""

__version__ = "1.0.0"
