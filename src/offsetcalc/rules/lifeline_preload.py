"""Imported by the batch's forkserver when it starts (see :mod:`offsetcalc.rules.pool`).

It ties the forkserver's life to the parent's, and imports the checking code
once so that every worker forked from it starts with it loaded.
"""

from offsetcalc.rules.pool import lifeline

lifeline()

import offsetcalc.ledger.sqlite  # noqa: E402
import offsetcalc.rules.check  # noqa: E402,F401
