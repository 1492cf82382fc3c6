"""Scrapy commands of the project (``COMMANDS_MODULE``): Scrapy's own, checked like medscrape's."""
