"""Scrapy spiders: discovery and requests only; pages are parsed by the item pipeline."""
