"""The pipeline's stages: small pieces that take a runtime's models and the cache, composed by Summarizer."""
