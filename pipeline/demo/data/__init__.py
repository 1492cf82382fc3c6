"""Data of the sample site: the drug and condition tables, sentence templates, the reference page.

Kept as Python modules, not JSON, so that they ship with the package however it is installed.
"""
