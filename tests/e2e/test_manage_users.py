#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deactivating and reactivating a user, as an administrator of the demo
firm does it: the user's page, the warning that says what follows, the
server's answer, a refusal in the server's words; and the primary
subscriber, whom no one deactivates."""


from rosterdriver import Roster, new_home, run, demo_firm

HOME, ENV = new_home("manage")




def open_user(roster, window, search, name):
    roster.press("<Control>f")
    roster.press("<Control>a")
    roster.type(search)
    roster.wait_for(window, name=name)
    roster.press("Return")
    roster.wait_for(window, name="Profile")




def test_deactivate_and_reactivate():
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        (enabled, licensed), = demo_firm(HOME, "SELECT enabled, personal_injury_license FROM users"
                                    " WHERE email = 'hannah.chen@hartbell.example'")
        assert (enabled, licensed) == (1, 1)
        (subscription,), = demo_firm(HOME, "SELECT subscription FROM account")
        assert subscription == "annual"

        # The warning says what follows: the license, the calendar, the
        # activity kept, the Personal Injury license lost.
        open_user(roster, window, "hannah.chen", "Hannah Chen")
        roster.click(window, "Deactivate…")
        dialog = roster.wait_for(roster.app, name="Deactivate Hannah Chen?", roleName="label")
        warning = roster.label_containing(roster.app, "will be free for another user")
        for part in ("the annual rate stays until renewal", "calendar entries will be hidden",
                     "activity will be kept", "lose their Personal Injury license"):
            assert part in warning.name, warning.name
        assert dialog
        roster.click(roster.app, "Deactivate")
        roster.wait_for(window, name="Hannah Chen was deactivated", timeout=60)
        assert demo_firm(HOME, "SELECT enabled, personal_injury_license FROM users"
                    " WHERE email = 'hannah.chen@hartbell.example'") == [(0, 0)]
        roster.wait_for(window, name="Deactivated", roleName="label")

        # Back again: the e-mail address note, and the license stays lost.
        roster.click(window, "Reactivate…")
        roster.wait_for(roster.app, name="Reactivate Hannah Chen?", roleName="label")
        roster.label_containing(roster.app, "may first need to release it")
        roster.click(roster.app, "Reactivate")
        roster.wait_for(window, name="Hannah Chen was reactivated", timeout=60)
        assert demo_firm(HOME, "SELECT enabled, personal_injury_license FROM users"
                    " WHERE email = 'hannah.chen@hartbell.example'") == [(1, 0)]
        roster.wait_for(window, name="Deactivate…")

        # The primary subscriber: nothing to press, and the reason.
        roster.click(window, "Back")
        open_user(roster, window, "olivia.hart", "Olivia Hart")
        roster.wait_for(window, name="The primary subscriber cannot be deactivated")
        roster.gone(window, name="Deactivate…")

        # A refusal, in the server's words: the deactivated Dana Whitfield's
        # address is the active Dana Whitfield's.
        roster.click(window, "Back")
        roster.click(window, "Deactivated")
        open_user(roster, window, "dana.whitfield", "Dana Whitfield")
        roster.click(window, "Reactivate…")
        roster.click(roster.app, "Reactivate")
        roster.wait_for(window, timeout=60,
                        name="Dana Whitfield was not reactivated: Another active user signs in with "
                             "dana.whitfield@hartbell.example: support must release the address first")
        assert demo_firm(HOME, "SELECT enabled FROM users WHERE email = 'dana.whitfield@hartbell.example'"
                    " ORDER BY id") == [(0,), (1,)]
        roster.wait_for(window, name="Reactivate…")
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_deactivate_and_reactivate)
