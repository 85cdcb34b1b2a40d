"""Test doubles that stand in for the shell's edges (the store) in service tests."""
