"""Progression: performed sets in, an explained decision out (pure core).

``rules`` holds the one declarative rule form and the rules-file loader, ``presets`` the
readable shorthands that expand into rules, ``facts`` the named facts rules compare,
``actions`` what each action does to a prescription, ``safety`` the warning signs, and
``engine`` ties them together in :func:`~glutemed.progression.engine.decide`.
"""
