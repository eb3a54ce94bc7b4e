"""Extraction stage: articles → facts with provenance.

>>> from kankei.extract import extract_corpus   # doctest: +SKIP
>>> facts = extract_corpus(["corpus/"])          # doctest: +SKIP
"""

from kankei.extract.pipeline import ArticleResult, extract_article, extract_articles, extract_corpus

__all__ = ["ArticleResult", "extract_article", "extract_articles", "extract_corpus"]
