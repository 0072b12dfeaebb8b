#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Roster opens its window, and About opens from the main menu."""

import os

from rosterdriver import Roster, new_home, run

# A home with no account yet: Roster opens on its welcome page.
HOME, ENV = new_home("about")


def test_about_from_main_menu():
    roster = Roster(env=ENV)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Welcome to Roster", roleName="label")
        roster.wait_for(window, name="Try the Demo Firm", roleName="push button")
        roster.wait_for(window, name="Connect to Your Firm", roleName="push button")

        roster.click(window, "Main Menu")
        roster.click(roster.app, "About Roster")

        # libadwaita 1.2 shows a window titled About; 1.5 and later a dialog
        # inside the main window. Either way a person reads these labels.
        roster.wait_for(roster.app, name=os.environ["ROSTER_VERSION"], roleName="label")
        roster.wait_for(roster.app, name="The Roster Authors", roleName="label")
        roster.wait_for(roster.app, name="Website")
        roster.wait_for(roster.app, name="Legal")
    finally:
        status = roster.close()
    # Terminated by the test (SIGTERM) is the only acceptable way out.
    assert status in (0, -15), f"roster ended with status {status}"


if __name__ == "__main__":
    run(test_about_from_main_menu)
