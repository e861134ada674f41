"""Turning the model into HTML: Markdown, templates, JSON-LD and page plans."""
