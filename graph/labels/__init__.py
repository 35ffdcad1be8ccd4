"""Labels with provenance (issue 12): who classified a tip or a file as what, side by side.

- provenance.py: the label, its kinds and sources, file ids and statuses, what a viewer may see of them;
- hash_lists.py: named lists of known hashes, matched at ingest;
- reading.py: `labels_of(db, viewer, tip_id)`, a tip's labels as the viewer may see them;
- review.py: `review_file`, an analyst's review of one file, which re-scores the tip.
"""
