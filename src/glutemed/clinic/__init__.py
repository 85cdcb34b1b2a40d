"""The clinic's pure core: which clients need their clinician's attention, and why.

No storage, web or clock here (docs/design.md, principle 1): the services read the facts and
today's date and hand them in; the thresholds come from ``data/attention.yaml``.
"""
