"""Prompt and blurb templates, shipped as data inside the package as summarize._prompts."""
