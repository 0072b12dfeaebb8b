#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Several users deactivated in one step, as an administrator of the demo
firm does it: select rows, Deactivate…, a warning that sums up what follows
for all of them and names those it leaves out and why (the primary
subscriber, a user already deactivated, yourself). The firm's own database
says what happened."""

import time

from rosterdriver import Roster, new_home, run, demo_firm

HOME, ENV = new_home("bulk")






def select_all_shown(roster, search):
    """Searches, then selects every row the list shows, from the keyboard."""
    roster.press("<Control>f")
    roster.press("<Control>a")
    if search:
        roster.type(search)
    else:
        roster.press("BackSpace")
    roster.press("Down")
    roster.press("<Control>a")


def test_deactivate_several():
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        before = dict(demo_firm(HOME, "SELECT email, enabled FROM users"))
        assert before["olivia.hart@hartbell.example"] == 1 and before["liam.jensen@hartbell.example"] == 1
        assert before["yuki.lindqvist@hartbell.example"] == 0

        # All users, "li": Olivia Hart (the primary subscriber), Yuki
        # Lindqvist (deactivated already) and Liam Jensen.
        roster.click(window, "All")
        roster.click(window, "Select Users")
        select_all_shown(roster, "li")
        roster.wait_for(window, name="3 users selected")
        roster.click(window, "Deactivate Selected…")

        roster.wait_for(roster.app, name="Deactivate 1 User?", roleName="label")
        summary = roster.label_containing(roster.app, "will be free for another user")
        for part in ("the annual rate stays until renewal", "calendar entries will be hidden",
                     "activity will be kept"):
            assert part in summary.name, summary.name
        left_out = roster.label_containing(roster.app, "Left out:")
        assert "Olivia Hart: The primary subscriber cannot be deactivated" in left_out.name, left_out.name
        assert "Yuki Lindqvist: This user is already deactivated" in left_out.name, left_out.name
        assert "Liam Jensen" not in left_out.name, left_out.name
        roster.click(roster.app, "Deactivate")
        deadline = time.monotonic() + 90
        while demo_firm(HOME, "SELECT enabled FROM users WHERE email = 'liam.jensen@hartbell.example'") != [(0,)]:
            assert time.monotonic() < deadline, "Liam Jensen was not deactivated"
            time.sleep(0.5)

        after = dict(demo_firm(HOME, "SELECT email, enabled FROM users"))
        assert after["liam.jensen@hartbell.example"] == 0
        assert after["olivia.hart@hartbell.example"] == 1
        assert demo_firm(HOME, "SELECT count(*) FROM audit_events WHERE action = 'user.deactivate'") == [(1,)]

        # Every active user at once: yourself left out too; then Cancel,
        # and nothing changes.
        roster.click(window, "Active")
        roster.click(window, "Select Users")
        select_all_shown(roster, "")
        roster.click(window, "Deactivate Selected…")
        left_out = roster.label_containing(roster.app, "Left out:")
        assert "Marcus Reyes: You cannot deactivate yourself" in left_out.name, left_out.name
        assert "Olivia Hart: The primary subscriber cannot be deactivated" in left_out.name, left_out.name
        roster.click(roster.app, "Cancel")
        assert demo_firm(HOME, "SELECT count(*) FROM audit_events WHERE action = 'user.deactivate'") == [(1,)]
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_deactivate_several)
