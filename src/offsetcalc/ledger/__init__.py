"""The retired-credit ledger that catches double counting across submissions."""
