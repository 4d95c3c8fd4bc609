"""Hostile-input tests: one module per class of attack (see README.md in this folder)."""
