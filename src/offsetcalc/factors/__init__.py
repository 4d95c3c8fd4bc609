"""Emission-factor tables as governed data: loading (``tables``) and validation,
browsing and diffing (``validate``).
"""
