"""kankei (関係): knowledge graphs of visits, meetings, entourages and positions from Japanese news.

The stages are importable on their own: ``kankei.articles`` (corpus → Article),
``kankei.extract`` (Article → Fact), ``kankei.load`` (Fact → graph), ``kankei.queries``
(canned Cypher) and ``kankei.evaluate`` (facts against gold).
"""

from kankei.types import Article, Entity, EntityRef, Evidence, Fact

__all__ = ["Article", "Entity", "EntityRef", "Evidence", "Fact"]
__version__ = "0.1.0"
