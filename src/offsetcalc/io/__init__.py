"""Readers at the edge: activity files (YAML), activity tables (CSV, Parquet, xlsx) and registry exports.

Each turns a user's file into the neutral shapes the engine and the ledger work on, with
every error placed at its ``file:line:col`` (or ``file:row N``).
"""
