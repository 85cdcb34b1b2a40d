"""The load model: what each exercise variant asks of a person's hip abductors.

Pure and static: ``anthropometrics`` scales published segment tables to a body,
``families`` holds one small frontal-plane model per exercise family, and ``demand`` picks
the model for a variant (``data/variant-models.yaml``) and reports a ``Demand``. Constants
and their sources live in ``data/segments.yaml``, read only by ``loader``.
"""
