"""Bulk load: tips from files into an empty database through Neo4j's offline importer (`tipgraph load`)."""

from graph.bulkload.load import LoadRefused, LoadSummary, load_tips

__all__ = ["LoadRefused", "LoadSummary", "load_tips"]
