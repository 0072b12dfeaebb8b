#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reassign Work, as an administrator of the demo firm does it, checked
against the server itself, never against Roster's cache:

1. The deactivated Yuki Lindqvist's work: matters and events to Daniel
   García, tasks to Amara Shah. The preview says, item by item, what the
   server's own dry run says; after Reassign, exactly those items moved in
   the firm's database, each receiver has one in-app notification (asked of
   the API as the receiver) and one e-mail in the mail spool, and the CSV,
   saved through the file chooser, holds every item with what became of it.
2. Henry Mensah, active with open work, deactivated through "Reassign Work
   First…". His matters first go to Ava Fischer, whom someone else
   deactivates meanwhile: the server's refusal is shown in the dialog, in
   its words, and nothing moves. Then his work moves to Grace Alvarez, and
   he is deactivated, in that order in the firm's audit log.

With ROSTER_REASSIGN_SCREENSHOTS=DIR (and xdotool and ImageMagick, on a
screen wider than 1,400 px), it also takes the screenshots of the dialog in
data/screenshots/; ROSTER_REASSIGN_SCREENSHOTS_STYLE=dark (with
GSETTINGS_BACKEND=keyfile) or =high-contrast takes them in that style.
"""

import collections
import csv
import glob
import json
import os
import sqlite3
import subprocess
import time
import urllib.request

from rosterdriver import (Roster, new_home, run, seek, wait, press_button, landmark, choose,
                          message_dialog, page_button, open_user)
from gi.repository import Atspi

# A dialog of hundreds of rows, realized on a loaded machine with software
# rendering, may hold Roster's main loop up for longer than AT-SPI's 0.8 s
# default: a person waits that long, and so does this test.
Atspi.set_timeout(10000, 15000)

HOME, ENV = new_home("reassign")
# Roster runs in the test's home: the file chooser opens there.
os.chdir(HOME)
SERVER = os.environ["ROSTER_SERVER"]
DEMO = os.path.join(HOME, "data", "roster", "demo")
SHOTS = os.environ.get("ROSTER_REASSIGN_SCREENSHOTS")
STYLE = os.environ.get("ROSTER_REASSIGN_SCREENSHOTS_STYLE")
if SHOTS:
    # The fonts and theme of a GNOME desktop, as build-aux/screenshot sets them.
    os.makedirs(os.path.join(HOME, "config", "gtk-4.0"))
    with open(os.path.join(HOME, "config", "gtk-4.0", "settings.ini"), "w") as f:
        f.write("[Settings]\ngtk-font-name=Cantarell 11\ngtk-theme-name=Adwaita\n"
                "gtk-icon-theme-name=Adwaita\ngtk-hint-font-metrics=true\n")
    if STYLE == "dark":
        # With no settings portal, libadwaita reads the desktop's GSettings.
        os.makedirs(os.path.join(HOME, "config", "glib-2.0", "settings"))
        with open(os.path.join(HOME, "config", "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write("[org/gnome/desktop/interface]\ncolor-scheme='prefer-dark'\n")
    elif STYLE == "high-contrast":
        ENV["ADW_DEBUG_HIGH_CONTRAST"] = "1"

YUKI, DANIEL, AMARA = 13, 4, 7
HENRY, GRACE, AVA = 22, 11, 25

# The server's reasons, in the words the dialog uses (roster-rules).
REASONS = {
    "no_matter": "Stays: not tied to a matter",
    "closed_matter": "Stays: the matter is closed",
    "private_matter": "Stays: the matter is private to this user",
    "only_attendee": "Stays: the user is only an attendee",
    "complete": "Stays: the task is complete",
    "past_due": "Stays: the task is past due",
    "past_event": "Stays: the event is over",
}
KINDS = {"matters": "Matter", "tasks": "Task", "calendar_entries": "Calendar event"}
CSV_KINDS = {"matters": "matter", "tasks": "task", "calendar_entries": "calendar_entry"}


def firm(sql, *args):
    """What the demo firm's own database says."""
    with sqlite3.connect(os.path.join(DEMO, "firm.db")) as db:
        return db.execute(sql, args).fetchall()


def server_url():
    with open(os.path.join(HOME, "config", "roster", "accounts.ini")) as f:
        for line in f:
            if line.startswith("server="):
                return line.split("=", 1)[1].strip()
    raise AssertionError("the demo firm's address is not in accounts.ini")


def token(email):
    """An access token of the firm's, as its support desk issues one."""
    return subprocess.run([SERVER, "support", "issue-token", "--db", os.path.join(DEMO, "firm.db"), email],
                          check=True, capture_output=True, text=True).stdout.strip()


def api(method, path, email, body=None):
    request = urllib.request.Request(server_url() + "/api/v4" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token(email),
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def dry_run(user_id, matters_to, tasks_to, events_to):
    """The server's own answer to the reassignment, changing nothing."""
    return api("POST", f"/users/{user_id}/reassign_work.json", "marcus.reyes@hartbell.example",
               {"data": {"matters_to": matters_to, "tasks_to": tasks_to,
                         "calendar_entries_to": events_to, "dry_run": True}})["data"]


def not_synced():
    """What a sync of open work does not bring, and the preview does not
    list (the dialog says so under the summary): closed matters, complete
    tasks and entries over a day ago, by the firm's own database. They
    always stay."""
    return {("matters", str(i)) for i, in firm("SELECT id FROM matters WHERE status = 'Closed'")} | \
        {("tasks", str(i)) for i, in firm("SELECT id FROM tasks WHERE status = 'complete'")} | \
        {("calendar_entries", str(i)) for i, in
         firm("SELECT id FROM calendar_entries WHERE julianday(end_at) < julianday('now', '-1 day')")}


def expected_rows(answer, skipped=frozenset()):
    """The dry run's items as the preview's rows read: kind, title, matter
    (or a matter's description), outcome; but those @skipped."""
    rows = []
    for member, kind in KINDS.items():
        part = answer[member]
        for moved, items in ((True, part["moved"]), (False, part["stayed"])):
            for item in items:
                if (member, str(item["id"])) in skipped:
                    continue
                if member == "matters":
                    title, second = item["display_number"], item["description"]
                else:
                    title = item["name"] if member == "tasks" else item["summary"]
                    second = item["matter"]["display_number"] if item["matter"] else "No matter"
                outcome = f"Moves to {part['to']['name']}" if moved else REASONS[item["reason"]]
                rows.append((kind, title, second, outcome))
    return collections.Counter(rows)


def preview_rows(roster, dialog):
    """What the preview shows, row by row: each row is named by its title
    and described by the rest, as a screen reader reads it."""
    rows = []
    for group in seek(dialog, roleName="list"):
        if not group.name.startswith(("Matters (", "Tasks (", "Calendar Events (")):
            continue
        for item in group.children:
            if item.roleName != "list item":
                continue
            parts = item.description.split(" · ")
            rows.append((parts[0], item.name, parts[1], parts[-1]))
    return collections.Counter(rows)


def owners(user_id):
    """Every item of the user's work in the firm's database, by kind."""
    calendar, = firm("SELECT id FROM calendars WHERE user_id = ?", user_id)[0]
    return {
        "matters": {str(i) for i, in firm("SELECT id FROM matters WHERE responsible_attorney_id = ?", user_id)},
        "tasks": {str(i) for i, in firm("SELECT id FROM tasks WHERE assignee_id = ?", user_id)},
        "calendar_entries": {str(i) for i, in firm("SELECT coalesce(public_id, id) FROM calendar_entries"
                                                   " WHERE calendar_id = ?", calendar)},
    }


def ids(items):
    return {str(item["id"]) for item in items}


def shoot(roster, name, width, height):
    """The dialog at width × height, as a person sees it."""
    if not SHOTS or (STYLE and width != 800):
        return
    if STYLE:
        name = name.replace(".png", f"-{STYLE}.png")
    window = subprocess.run(["xdotool", "search", "--all", "--sync", "--onlyvisible", "--pid", str(roster.process.pid),
                             "--name", "^Reassign Work$"], check=True, capture_output=True,
                            text=True).stdout.split()[0]
    subprocess.run(["xdotool", "windowsize", window, str(width), str(height)], check=True)
    time.sleep(2)
    subprocess.run(["import", "-window", window, os.path.join(SHOTS, name)], check=True)


def test_reassign():
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)

        # 1. A deactivated user's work, from their page.
        press_button(landmark(window, "RosterUsersView"), "All")
        open_user(roster, window, "yuki", "Yuki Lindqvist")
        before = owners(YUKI)
        page_button(window, "Reassign Work…").doActionNamed("click")
        dialog = roster.toplevel("Reassign Work")
        wait(dialog, roleName="label", name="Choose a receiver for at least one kind of work: until then, everything stays")
        reassign = wait(dialog, roleName="push button", name="Reassign")
        assert not reassign.sensitive, "Reassign before any receiver was chosen"

        choose(roster, dialog, "Matters", "Daniel García")
        assert reassign.sensitive, "Reassign with a receiver chosen"
        choose(roster, dialog, "Tasks", "Amara Shah")
        choose(roster, dialog, "Calendar Events", "Daniel García")

        # The preview, item by item, is the server's own dry run.
        expected = dry_run(YUKI, DANIEL, AMARA, DANIEL)
        skipped = not_synced()
        deadline = time.monotonic() + 15
        while (shown := preview_rows(roster, dialog)) != expected_rows(expected, skipped) and \
                time.monotonic() < deadline:
            time.sleep(0.5)
        assert shown == expected_rows(expected, skipped), \
            (shown - expected_rows(expected, skipped), expected_rows(expected, skipped) - shown)
        moved = {member: ids(expected[member]["moved"]) for member in KINDS}
        assert all(moved.values()), moved
        assert all(expected[member]["stayed"] for member in KINDS), "every kind has something that stays"
        assert any((member, str(item["id"])) in skipped for member in KINDS for item in expected[member]["stayed"]), \
            "Yuki has complete tasks or events over, for the preview to leave out"
        wait(dialog, roleName="label", name="Closed matters, complete tasks and past calendar events are not synced, so "
                                           "they are not listed: they stay with Yuki Lindqvist.")
        shoot(roster, "reassign-preview-360.png", 360, 720)
        shoot(roster, "reassign-preview-1400.png", 1400, 900)
        shoot(roster, "reassign-preview.png", 800, 720)

        press_button(dialog, "Reassign")
        wait(dialog, roleName="label", name="Work Reassigned", timeout=60)

        # Exactly the eligible items moved, in the firm's own database.
        after = owners(YUKI)
        for member in KINDS:
            assert before[member] - after[member] == moved[member], member
            assert after[member] == before[member] - moved[member], member
        assert moved["matters"] <= owners(DANIEL)["matters"]
        assert moved["tasks"] <= owners(AMARA)["tasks"]
        assert moved["calendar_entries"] <= owners(DANIEL)["calendar_entries"]

        # The result says who was told; each receiver has their one
        # notification, asked of the API as themselves, and their e-mail.
        (audit_id,), = firm("SELECT id FROM audit_events WHERE action = 'user.reassign_work' AND target_id = ?", YUKI)
        told = [item.name for item in wait(dialog, roleName="list", name="Notified").children]
        assert sorted(told) == ["Amara Shah", "Daniel García"], told
        wait(dialog, roleName="label", name="Told in the app and by e-mail")
        for email in ("daniel.garcia@hartbell.example", "amara.shah@hartbell.example"):
            notices = [n for n in api("GET", "/notifications.json?fields=id,kind,subject,audit_event_id", email)["data"]
                       if n["audit_event_id"] == audit_id]
            assert len(notices) == 1 and notices[0]["kind"] == "work_reassigned", notices
            mails = [path for path in glob.glob(os.path.join(DEMO, "mail", "*"))
                     if email in open(path, encoding="utf-8").read()]
            assert len(mails) == 1, (email, mails)
        shoot(roster, "reassign-result-360.png", 360, 720)
        shoot(roster, "reassign-result-1400.png", 1400, 900)
        shoot(roster, "reassign-result.png", 800, 720)

        # Saved as CSV through the file chooser: every item, as the server
        # answered.
        saved = os.path.join(HOME, "reassigned.csv")
        press_button(dialog, "Save as CSV…")
        chooser = roster.toplevel("Save the Result as CSV", timeout=30)
        # GTK's own chooser, with no portal here: the name has the focus.
        wait(chooser, roleName="text", name="Name:")
        roster.press("<Control>a")
        roster.type(os.path.basename(saved))
        roster.press("Return")
        wait(dialog, roleName="label", name=f"Saved as {saved}", timeout=30)
        with open(saved, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == ["kind", "id", "title", "matter", "outcome", "receiver", "reason"], list(rows[0])
        wanted = set()
        for member in KINDS:
            for item in expected[member]["moved"]:
                wanted.add((CSV_KINDS[member], str(item["id"]), "moved", expected[member]["to"]["name"], ""))
            for item in expected[member]["stayed"]:
                wanted.add((CSV_KINDS[member], str(item["id"]), "stayed", "", item["reason"]))
        got = {(r["kind"], r["id"], r["outcome"], r["receiver"], r["reason"]) for r in rows}
        assert len(rows) == len(wanted) and got == wanted, (got - wanted, wanted - got)
        press_button(dialog, "Done")
        deadline = time.monotonic() + 15
        while [node for node in roster.app.children if node.name == "Reassign Work"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [node for node in roster.app.children if node.name == "Reassign Work"], "the dialog stayed"

        # 2. Deactivating a user with open work: Reassign Work First.
        roster.press("<Alt>Left")
        open_user(roster, window, "henry", "Henry Mensah")
        expected = dry_run(HENRY, GRACE, GRACE, GRACE)
        moved = {member: ids(expected[member]["moved"]) for member in KINDS}
        assert all(moved.values()), moved
        page_button(window, "Deactivate…").doActionNamed("click")
        question = message_dialog(roster, "Deactivate Henry Mensah?")
        warning = [node.name for node in roster.find_all(question, roleName="label") if "They still have" in node.name]
        assert warning and "what can move is best reassigned first" in warning[0], warning
        roster.click(question, "Reassign Work First…")
        dialog = roster.toplevel("Reassign Work")
        wait(dialog, roleName="label", name="Choose who receives the open work of Henry Mensah. Once the server has "
                                            "moved it, Henry Mensah is deactivated.")
        # A receiver deactivated elsewhere, after the cache last heard of her.
        before = owners(HENRY)
        choose(roster, dialog, "Matters", "Ava Fischer")
        api("POST", f"/users/{AVA}/deactivate.json", "priya.mbeki@hartbell.example")
        press_button(dialog, "Reassign")
        wait(dialog, roleName="label", timeout=60,
             name="The server refused the reassignment: Ava Fischer is deactivated: work can only go to an active user")
        assert owners(HENRY) == before and firm("SELECT enabled FROM users WHERE id = ?", HENRY) == [(1,)]

        for row in ("Matters", "Tasks", "Calendar Events"):
            choose(roster, dialog, row, "Grace Alvarez")
        press_button(dialog, "Reassign")
        wait(dialog, roleName="label", name="Work Reassigned", timeout=60)
        wait(dialog, roleName="label", name="Henry Mensah was deactivated.", timeout=60)
        assert firm("SELECT enabled FROM users WHERE id = ?", HENRY) == [(0,)]
        for member in KINDS:
            assert moved[member] <= owners(GRACE)[member], member
            assert not moved[member] & owners(HENRY)[member], member
        actions = [action for action, in firm("SELECT action FROM audit_events WHERE target_id = ?"
                                              " AND action IN ('user.reassign_work', 'user.deactivate')"
                                              " ORDER BY id", HENRY)]
        assert actions == ["user.reassign_work", "user.deactivate"], actions
        press_button(dialog, "Done")
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_reassign)
