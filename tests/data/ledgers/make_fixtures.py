"""Write the schema-2 ledgers beside this file with the code that wrote such ledgers (not run by the tests).

    mkdir -p /tmp/rt4-before /tmp/main-v2
    git archive 2a474a6 src | tar -x -C /tmp/rt4-before   # the code before redteam4's serial fixes
    git archive 9c8416e src | tar -x -C /tmp/main-v2      # main when schema 3 was written
    PYTHONPATH=/tmp/rt4-before/src python make_fixtures.py before
    cp v2-before-redteam4.db v2-before-redteam4-then-main.db
    PYTHONPATH=/tmp/main-v2/src python make_fixtures.py main

Nothing here is edited by hand: every row is a claim recorded by that code's own Ledger.
"""

import sys

from offsetcalc.credits import credit_serials, parse_serial
from offsetcalc.ledger.sqlite import Claim, Ledger

if sys.argv[1] == "before":
    # Before redteam4 a Verra serial without its VCS- field was read, and stored without it.
    (a,) = parse_serial("19381-941412555-941412604-VCU-1310-VER-CN-13-3005-01012022-31102022-0")
    # An explicit block filed under Verra kept its prefix as written (canonical spelling, no VCS-) ...
    (b,) = credit_serials(
        "VCU",
        None,
        {"prefix": "19381-VCU-1310-VER-CN-13-3005-01012022-31102022-0", "start": 941412605, "end": 941412654},
    )[0].blocks
    # ... or in a shape of the user's own, which no Verra serial gives.
    (c,) = credit_serials("VCU", None, {"prefix": "VCU-3005", "start": 1, "end": 5})[0].blocks
    with Ledger("v2-before-redteam4.db") as db:
        for key, block in (("a.yaml", a), ("b.yaml", b), ("c.yaml", c)):
            assert db.record_submission(key, f"sha-{key}", [Claim(block, beneficiary="Example Co")]) == []
else:
    # main (schema 2) spells the prefix with VCS-: it did not meet a.yaml's and b.yaml's, and accepted a double claim.
    (d,) = parse_serial("19381-941412580-941412629-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0")
    with Ledger("v2-before-redteam4-then-main.db") as db:
        assert db.record_submission("d.yaml", "sha-d.yaml", [Claim(d, beneficiary="Other Co")]) == []
