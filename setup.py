"""For scrapyd-deploy, which builds its egg with ``python setup.py bdist_egg``: everything,
the ``scrapy`` entry point Scrapyd reads the settings from included, is in pyproject.toml."""

from setuptools import setup

setup()
