"""glutemed: plans, coaches and progresses gluteus medius (hip abductor) training."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
