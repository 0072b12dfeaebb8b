#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What waits to be sent, shown honestly, and applied once; refusals you can
act on; what cannot succeed not offered; a search that says what the filter
hides. Checked against the demo firm's own database, never Roster's cache.

1. Online once, so that the cache holds the firm; then with the demo
   firm's server unavailable:
   * a deactivation queued offline shows as pending on the user's page
     (with Cancel) and on the list's row; cancelled, it is gone and the user
     is active again; queued once more, it waits;
   * Yuki Lindqvist's work, reassigned offline, waits too;
   * one's own page offers no Deactivate…, and says why;
   * "yuki" under Active says a deactivated user matches, and Show All
     shows her; Escape clears the search.
2. With the server back, each waiting action is applied exactly once: one
   deactivation and one reassignment in the firm's audit log, the work
   moved; nothing waits any more.
3. A refusal, on the page in full with the next step, until dismissed.
"""

import time

from rosterdriver import (Roster, new_home, run, demo_firm, wait, press_button, landmark, choose,
                          message_dialog, page_button, open_user, seek)
from gi.repository import Atspi

Atspi.set_timeout(10000, 15000)

HOME, ENV = new_home("pending")
OFFLINE = dict(ENV, ROSTER_SERVER="/nonexistent/roster-server")
HANNAH = "hannah.chen@hartbell.example"
YUKI = 13


def firm(sql, *args):
    return demo_firm(HOME, sql, *args)


def page(window):
    return landmark(window, "RosterUserPage")


def users(window):
    return landmark(window, "RosterUsersView")


def deactivate_from_page(roster, window, name):
    page_button(window, "Deactivate…").doActionNamed("click")
    question = message_dialog(roster, f"Deactivate {name}?")
    press_button(question, "Deactivate")


def status_in_list(window, name, status):
    """The list's row for name shows status as its badge."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for row in seek(users(window), roleName="table row"):
            labels = [node.name for node in seek(row, roleName="label")]
            texts = labels + [node.name for node in seek(row) if node.roleName != "label"]
            if name in texts and status in labels:
                return
        time.sleep(0.3)
    raise AssertionError(f"no row of {name} showing {status!r}")


def test_offline_pending():
    # 1. Online once: the cache learns the firm.
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        (hannah_id,), = firm("SELECT id FROM users WHERE email = ?", HANNAH)
        yuki_before = set(firm("SELECT id FROM matters WHERE responsible_attorney_id = ?"
                               " AND status IN ('Open', 'Pending')", YUKI))
        assert yuki_before
    finally:
        roster.close()

    roster = Roster(env=OFFLINE, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)

        # A deactivation queued offline: pending on the page, with Cancel.
        open_user(roster, window, "hannah.chen", "Hannah Chen")
        deactivate_from_page(roster, window, "Hannah Chen")
        wait(page(window), roleName="label", name="Deactivation pending", timeout=30)
        wait(page(window), roleName="label", name="Waiting to Send")
        assert not list(seek(page(window), roleName="push button", name="Deactivate…")), \
            "Deactivate… offered again while one waits"
        assert not list(seek(page(window), roleName="push button", name="Reactivate…")), \
            "Reactivate… offered while the deactivation waits: Cancel is the way back"

        # Taken back: the user is active again, nothing waits.
        press_button(page(window), "Cancel: Deactivation pending")
        wait(page(window), roleName="push button", name="Deactivate…", timeout=30)
        assert not list(seek(page(window), roleName="label", name="Deactivation pending"))
        wait(page(window), roleName="label", name="Active")

        # Queued once more: it waits, on the page and on the row.
        deactivate_from_page(roster, window, "Hannah Chen")
        wait(page(window), roleName="label", name="Deactivation pending", timeout=30)
        roster.click(window, "Back")
        press_button(users(window), "All")
        status_in_list(window, "Hannah Chen", "Deactivation pending")

        # Yuki's work, reassigned offline, waits too.
        open_user(roster, window, "yuki", "Yuki Lindqvist")
        page_button(window, "Reassign Work…").doActionNamed("click")
        dialog = roster.toplevel("Reassign Work")
        choose(roster, dialog, "Matters", "Marcus Reyes")
        press_button(dialog, "Reassign")
        wait(dialog, roleName="label", name="Waiting to Be Sent", timeout=60)
        press_button(dialog, "Done")
        roster.window_gone("Reassign Work")
        wait(page(window), roleName="label", name="Reassignment pending", timeout=30)
        # The header bar counts what waits, and its popover lists it.
        outbox = landmark(window, "RosterOutboxButton", depth=14)
        wait(outbox, name="2 actions waiting to be sent")
        roster.click(outbox, "2 actions waiting to be sent")
        wait(roster.app, roleName="label", name="Deactivation pending: Hannah Chen")
        wait(roster.app, roleName="label", name="Reassignment pending: Yuki Lindqvist")
        roster.press("Escape")

        # One's own page: no Deactivate…, and the reason.
        roster.click(window, "Back")
        open_user(roster, window, "marcus.reyes", "Marcus Reyes")
        wait(page(window), name="You cannot deactivate yourself: another administrator can")
        assert not list(seek(page(window), roleName="push button", name="Deactivate…"))
        wait(page(window), roleName="label", name="You")

        # The search says what the filter hides; Show All shows it; Escape
        # clears the search.
        roster.click(window, "Back")
        press_button(users(window), "Active")
        roster.press("<Control>f")
        roster.press("<Control>a")
        roster.type("yuki")
        wait(users(window), roleName="label", name="1 deactivated user matches too, hidden by the filter")
        press_button(users(window), "Show All")
        wait(users(window), name="Yuki Lindqvist")
        search = wait(users(window), name="Search users")
        roster.press("Escape")
        deadline = time.monotonic() + 15
        while search.text != "" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert search.text == "", search.text

        # Nothing has reached the server.
        assert firm("SELECT enabled FROM users WHERE id = ?", hannah_id) == [(1,)]
        assert firm("SELECT count(*) FROM audit_events WHERE action = 'user.reassign_work'"
                    " AND target_id = ?", YUKI) == [(0,)]
    finally:
        roster.close()

    # 2. The server back: each waiting action applied exactly once.
    roster = Roster(env=ENV, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        deadline = time.monotonic() + 60
        while firm("SELECT enabled FROM users WHERE id = ?", hannah_id) != [(0,)] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert firm("SELECT enabled FROM users WHERE id = ?", hannah_id) == [(0,)], \
            firm("SELECT action, target_id FROM audit_events ORDER BY id DESC LIMIT 5")
        deadline = time.monotonic() + 60
        while (firm("SELECT count(*) FROM audit_events WHERE action = 'user.reassign_work' AND target_id = ?", YUKI)
               != [(1,)] and time.monotonic() < deadline):
            time.sleep(0.5)
        # Give a second sending the time it would take, then count again.
        time.sleep(3)
        assert firm("SELECT count(*) FROM audit_events WHERE action = 'user.deactivate' AND target_id = ?",
                    hannah_id) == [(1,)]
        assert firm("SELECT count(*) FROM audit_events WHERE action = 'user.reassign_work' AND target_id = ?",
                    YUKI) == [(1,)]
        # What moved is Marcus's now; what the rules keep stayed.
        yuki_after = set(firm("SELECT id FROM matters WHERE responsible_attorney_id = ?"
                              " AND status IN ('Open', 'Pending')", YUKI))
        moved = yuki_before - yuki_after
        assert moved and yuki_after < yuki_before, (len(yuki_before), len(yuki_after))
        marcus = set(firm("SELECT m.id FROM matters m JOIN users u ON u.id = m.responsible_attorney_id"
                          " WHERE u.email = 'marcus.reyes@hartbell.example'"))
        assert moved <= marcus, moved - marcus
        press_button(users(window), "Deactivated")
        open_user(roster, window, "hannah.chen", "Hannah Chen")
        wait(page(window), roleName="push button", name="Reactivate…", timeout=30)
        assert not list(seek(page(window), roleName="label", name="Deactivation pending"))
        assert not roster.find_all(window, name="2 actions waiting to be sent")

        # 3. A refusal, in full, with the next step, until dismissed: the
        # deactivated Dana Whitfield's address is the active one's.
        roster.click(window, "Back")
        open_user(roster, window, "dana.whitfield", "Dana Whitfield")
        page_button(window, "Reactivate…").doActionNamed("click")
        press_button(message_dialog(roster, "Reactivate Dana Whitfield?"), "Reactivate")
        wait(page(window), roleName="label", name="Not Reactivated", timeout=60)
        wait(page(window), roleName="label",
             name="Another active user signs in with dana.whitfield@hartbell.example: "
                  "support must release the address first")
        wait(page(window), roleName="label",
             name="Ask Clio support to release the e-mail address, then reactivate the user.")
        press_button(page(window), "Dismiss")
        deadline = time.monotonic() + 15
        while list(seek(page(window), roleName="label", name="Not Reactivated")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not list(seek(page(window), roleName="label", name="Not Reactivated")), "the refusal stayed"
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_offline_pending)
