"""Outcome measures: questionnaires and physical tests recorded over time (pure core).

* :mod:`~glutemed.outcomes.measures` -- each measure as data (range, which way is better,
  unit, and a smallest change worth noticing only where a published figure exists);
* :mod:`~glutemed.outcomes.entries` -- what a person or clinician enters, checked against
  those ranges, and the readings it gives;
* :mod:`~glutemed.outcomes.strength` -- hand-held dynamometer force to N·m and N·m/kg, and
  the left-right symmetry index;
* :mod:`~glutemed.outcomes.schedule` -- when measures are due (baseline, weeks 4, 8, 12).

Like the rest of the core: plain data in, plain data out, no files (the YAML is read by
:mod:`~glutemed.outcomes.loader`), no database, no clock.
"""
