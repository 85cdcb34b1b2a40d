"""Progression: performed sets in, an explained decision out (pure core).

``rules`` is the one declarative rule form (its facts in ``fact_specs``, conditions in
``rule_conditions``, actions in ``rule_actions``) and ``rules_file`` reads a rules file;
``presets`` indexes the readable shorthands that expand into rules (``preset_gate``,
``safety_presets``, ``dose_presets``, ``step_presets``); ``situation`` gathers what a
decision is about, ``session_facts`` counts runs and trends over it and ``facts`` names
the facts rules compare; ``actions`` what each action does to a prescription, ``safety`` the warning
signs, ``side_days`` the side's other exercises one summary a day (what a decision reads
of them), and ``engine`` ties them together in :func:`~glutemed.progression.engine.decide`.
"""
