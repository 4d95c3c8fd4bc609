"""The computation: activities × emission factors → emissions per activity, subtotals,
credits and the offset ratio, in exact microgram integers.
"""
