#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo firm, as a person meets it: `roster --demo`, the users, the
filters, a search by part of an e-mail address, a user's open matters; then
with the server gone, Roster again on its cache with the offline banner."""

import os
import sqlite3
import time

from rosterdriver import Roster, new_home, run

HOME, ENV = new_home("users")


def firm(sql):
    """What the demo firm's own database says."""
    with sqlite3.connect(os.path.join(HOME, "data", "roster", "demo", "firm.db")) as db:
        return db.execute(sql).fetchall()


def test_demo_then_offline():
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window("Roster")

        # The users, active ones by default: an administrator, not a
        # deactivated user.
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        roster.gone(window, name="Yuki Lindqvist")
        roster.wait_for(window, name="Administrator", roleName="label")

        # Deactivated, then all.
        roster.click(window, "Deactivated")
        roster.wait_for(window, name="Yuki Lindqvist")
        roster.gone(window, name="Marcus Reyes")
        roster.click(window, "All")
        roster.wait_for(window, name="Yuki Lindqvist")
        roster.wait_for(window, name="Marcus Reyes")

        # Search by part of an e-mail address: Ctrl+F, then type.
        roster.wait_for(window, name="Search users")
        roster.press("<Control>f")
        roster.type("lindqvist@")
        roster.gone(window, name="Marcus Reyes")
        roster.wait_for(window, name="Yuki Lindqvist")

        # Open the user, and read their open matters.
        roster.press("Return")
        (count,), = firm("SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"
                         " AND status IN ('Open', 'Pending')")
        (number,), = firm("SELECT display_number FROM matters WHERE responsible_attorney_id = 13"
                          " AND status IN ('Open', 'Pending') ORDER BY display_number LIMIT 1")
        roster.wait_for(window, name=f"Open Matters ({count})")
        roster.wait_for(window, name=number)
        roster.wait_for(window, name="Deactivated", roleName="label")
        # Back to the list, as it was left.
        roster.click(window, "Back")
        roster.wait_for(window, name="Yuki Lindqvist")
        roster.gone(window, name="Marcus Reyes")
    finally:
        roster.close()

    # The demo firm's server cannot start now: Roster opens on its cache,
    # says it is offline and since when, and still shows the firm.
    offline_env = dict(ENV, ROSTER_SERVER="/nonexistent/roster-server")
    roster = Roster(env=offline_env, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=30)
        banner = []
        for _ in range(150):
            banner = [node for node in roster.find_all(window, roleName="label")
                      if node.name.startswith("Offline — showing the firm as last synced on")]
            if banner:
                break
            time.sleep(0.2)
        assert banner, "no offline banner"
        # Browsing and searching still work.
        roster.click(window, "Deactivated")
        roster.wait_for(window, name="Yuki Lindqvist")
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_demo_then_offline)
