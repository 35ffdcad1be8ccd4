"""Clusters in the store, actor and content: how they are built, kept current and read.

The rules themselves (linking, the evidence model, partitions, content groups) are pure and live in
`graph.clustering`; this package is where they meet the store:

- `recompute`: the full recompute (`tipgraph clusters recompute`) that reads the clustering input and writes
  clusters back; `aggregates`: what a cluster stores about its members; `records`: stored and read forms.
- `ingest`: the components a batch touches, reclustered inside the ingest transaction; `refresh`: the
  recompute of what changed since the last one (the default of `tipgraph clusters recompute`).
- `reads`, `explanations`, `timeline`, `possible`: what a viewer may read of a cluster and why it holds.
- `decisions`, `export`: bulk decisions on a cluster's tips and its case file.
- `content_build`, `content_reads`: content (viral file) clusters, kept and read.
"""
