"""medscrape's processing stages: parse, normalize, validate, store."""
