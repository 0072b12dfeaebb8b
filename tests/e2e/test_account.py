#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Account and Licenses, as an administrator of the demo firm uses it: on a
monthly plan, no switch and why; on an annual one, the plan and the
licenses, a renewal change the server refuses (undone, its reason on the
page), then Remove Unused Licenses at Renewal and the renewal price it
means, which the server's own API agrees with; closing the account, a wrong
verification code refused in the dialog first, then support's code; the
closed account, its users exported as CSV through the file chooser and
checked against the server's database, and the local data removed.
Everything is checked against the server (its API or its database), never
against Roster's cache."""

import csv
import datetime
import glob
import json
import os
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

from rosterdriver import Roster, new_home, run, still, wait_until

SERVER = os.environ["ROSTER_SERVER"]
EMAIL = "marcus.reyes@hartbell.example"
FIRM = "Hart & Bell LLP"
PHRASE = "I Want To Permanently Close My Account"


class Firm:
    """The demo firm of one test's home, as its server has it."""

    def __init__(self, name):
        self.home, self.env = new_home(name)
        self.db = os.path.join(self.home, "data", "roster", "demo", "firm.db")

    def seed(self, *sql):
        """Seeds the demo firm before Roster starts, and changes it."""
        os.makedirs(os.path.dirname(self.db))
        subprocess.run([SERVER, "seed", "--db", self.db, "--firm", "small"], check=True,
                       stdout=subprocess.DEVNULL)
        with sqlite3.connect(self.db) as db:
            for statement in sql:
                db.execute(statement)

    def sql(self, statement, *args):
        with sqlite3.connect(self.db) as db:
            return db.execute(statement, args).fetchall()

    def support(self, *args):
        """What the support desk's command prints; the firm's server may
        hold its database for a moment."""
        for _ in range(20):
            done = subprocess.run([SERVER, "support", *args, "--db", self.db], capture_output=True, text=True)
            if done.returncode == 0:
                return done.stdout.strip()
            time.sleep(0.5)
        raise AssertionError(f"support {args} failed: {done.stderr}")

    def api(self, path, method="GET", body=None):
        """A request to the firm's server, signed in as its administrator:
        (status, JSON)."""
        with open(os.path.join(self.home, "config", "roster", "accounts.ini")) as f:
            server = next(line.split("=", 1)[1].strip() for line in f if line.startswith("server="))
        token = self.support("issue-token", EMAIL)
        request = urllib.request.Request(f"{server}/api/v4{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


def money(cents):
    """As Roster writes dollars in the tests' C.UTF-8 locale."""
    return f"${cents // 100}.{cents % 100:02d}"


def long_date(text):
    day = datetime.date.fromisoformat(text)
    return f"{day:%B} {day.day}, {day.year}"


def rows(roster, parent):
    """The rows of parent by their titles, each with what it says: its
    title, subtitle and value."""
    return {row.name: [node.name for node in roster.find_all(row, roleName="label")]
            for row in roster.find_all(parent, roleName="list item")}


def wait_for_row(roster, parent, title, value, timeout=30):
    """Waits until the row titled title says value."""
    found = [node for node in roster.find_all(parent, roleName="list item") if node.name == title]
    assert found, f"no row titled {title!r}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        values = [node.name for node in roster.find_all(found[0], roleName="label")]
        if value in values:
            return values
        time.sleep(0.2)
    raise AssertionError(f"the row {title!r} says {values}, not {value!r}")


WINDOWS = ("Roster", "Account and Licenses", "Close Account")


def window_saying(roster, containing, timeout=15):
    """The window, other than Roster's own, that says containing: a
    question, a file chooser. Looked for among the windows alone, not in
    the whole application, whose users list is long to walk."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in roster.app.children:
            if node.name == containing or (node.name not in WINDOWS and roster.find_all(node, name=containing)):
                return node
        time.sleep(0.2)
    raise AssertionError(f"no window says {containing!r}")






def open_account(roster, window):
    roster.click(window, "Main Menu")
    roster.click(window, "Account and Licenses…")
    return roster.window("Account and Licenses")




def confirm_closure(roster):
    """The last step: the button is enabled by the firm's name, exactly."""
    question = window_saying(roster, "Permanently Close the Account?")
    button = roster.wait_for(question, roleName="push button", name=PHRASE)
    assert not button.sensitive
    roster.type(FIRM[:-1])
    assert not button.sensitive, "enabled before the firm's name was typed whole"
    roster.type(FIRM[-1])
    wait_until("the button enabled", lambda: button.sensitive, timeout=5)
    button.doActionNamed("click")


def test_account():
    # The small firm is annual: made monthly on the server before Roster
    # first syncs it.
    firm = Firm("account")
    firm.seed("UPDATE account SET subscription = 'monthly'")
    roster = Roster("--demo", env=firm.env, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)

        # A monthly plan: no switch, and why, where it would be.
        status, answer = firm.api("/account.json")
        assert status == 200 and answer["data"]["subscription"] == "monthly", answer
        account = answer["data"]
        page = open_account(roster, window)
        roster.wait_for(page, name="Monthly", roleName="label")
        shown = rows(roster, page)
        for title, value in (("Plan", "Monthly"),
                             ("Price per License", money(account["licenses"]["price"]) + " a month"),
                             ("Unused", "0"),
                             ("Renewal Price", money(account["renewal"]["projected_price"]))):
            assert value in shown[title], (title, value, shown[title])
        assert "Remove Unused Licenses at Renewal" not in shown and "Removing Unused Licenses" not in shown, shown
        assert any("On a monthly plan the firm pays each month for its active users only" in text
                   for text in shown["Nothing Unused to Remove"]), shown
        assert not roster.find_all(page, roleName="check box", name="Remove Unused Licenses at Renewal")

        # The firm moves to an annual plan; Ctrl+R syncs, and the open page
        # follows the cache.
        firm.sql("UPDATE account SET subscription = 'annual', version = version + 1")
        roster.press("<Control>r")
        status, answer = firm.api("/account.json")
        assert status == 200, answer
        account = answer["data"]
        assert account["subscription"] == "annual" and not account["renewal"]["remove_unused_licenses"]
        renewal = long_date(account["renewal"]["date"])
        roster.wait_for(page, name="Annual", roleName="label", timeout=30)

        # What the firm pays for, as the server has it.
        shown = rows(roster, page)
        for title, value in (("Plan", "Annual"),
                             ("Price per License", money(account["licenses"]["price"]) + " a year"),
                             ("Licenses Bought", str(account["licenses"]["total"])),
                             ("In Use", str(account["licenses"]["in_use"])),
                             ("Unused", str(account["licenses"]["unused"])),
                             ("Personal Injury Add-On", f"{account['personal_injury_add_on']['in_use']} licenses held"),
                             ("Personal Injury Add-On",
                              money(account["personal_injury_add_on"]["price"]) + " a license, each year"),
                             ("Renewal Date", renewal),
                             ("Keeping Unused Licenses", money(account["renewal"]["price_without_removal"])),
                             ("Removing Unused Licenses", money(account["renewal"]["price_with_removal"])),
                             ("Renewal Price", money(account["renewal"]["projected_price"])),
                             ("Renewal Price", f"On {renewal}, keeping the unused licenses")):
            assert value in shown[title], (title, value, shown[title])

        # A refusal: the server's plan is monthly again, behind the cache's
        # back (its version kept, so a sync does not tell Roster). The change
        # shows at once, then is undone, and the server's reason, the same
        # the API gives, stays on the page in full until dismissed.
        firm.sql("UPDATE account SET subscription = 'monthly'")
        status, refusal = firm.api("/account/renewal_options.json", "PATCH",
                                   {"data": {"remove_unused_licenses": True}})
        assert status == 422 and refusal["error"]["type"] == "not_annual", (status, refusal)
        switch = roster.wait_for(page, roleName="check box", name="Remove Unused Licenses at Renewal")
        assert not switch.checked and switch.sensitive
        switch.doActionNamed("toggle")
        roster.wait_for(page, name="The Server Refused the Change", timeout=30)
        roster.wait_for(page, name=refusal["error"]["message"], roleName="label")
        wait_until("the change undone", lambda: not switch.checked)
        wait_for_row(roster, page, "Renewal Price", money(account["renewal"]["price_without_removal"]))
        assert firm.sql("SELECT remove_unused_licenses FROM account") == [(0,)]
        roster.click(page, "Dismiss")
        roster.gone(page, name="The Server Refused the Change")
        firm.sql("UPDATE account SET subscription = 'annual'")

        # Remove Unused Licenses at Renewal: the projected price changes on
        # the page, and the server's API agrees.
        switch.doActionNamed("toggle")
        wait_for_row(roster, page, "Renewal Price", f"On {renewal}, with the unused licenses removed")
        shown = wait_for_row(roster, page, "Renewal Price", money(account["renewal"]["price_with_removal"]))
        wait_until("the server's renewal option changed",
                   lambda: firm.sql("SELECT remove_unused_licenses FROM account") == [(1,)])
        status, answer = firm.api("/account.json")
        assert status == 200 and answer["data"]["renewal"]["remove_unused_licenses"] is True, answer
        assert answer["data"]["renewal"]["projected_price"] == account["renewal"]["price_with_removal"], answer
        assert money(answer["data"]["renewal"]["projected_price"]) in shown

        # Close Account…: the renewal date first, the reason, the account
        # number for support, the code.
        roster.click(page, "Close Account…")
        dialog = roster.window("Close Account")
        roster.wait_for(dialog, name=f"{FIRM} renews on {renewal}", roleName="label")
        roster.label_containing(dialog, "There are no additional or hidden costs to closing the account; close it "
                                         "before the renewal date to avoid annual charges")
        roster.wait_for(dialog, name="Call Clio’s support team for verification", roleName="label")
        roster.wait_for(dialog, name=str(account["id"]), roleName="label")
        close = roster.wait_for(dialog, roleName="push button", name="Close Account…")
        assert not close.sensitive
        roster.wait_for(dialog, name="Choose a reason and type the verification code to go on")
        # The reasons are at the top of the dialog, which opens in the
        # corner of Xvfb's screen: a click where a person clicks.
        reason = roster.wait_for(dialog, roleName="check box", name="The firm is closing")
        reason.click()
        wait_until("the reason chosen", lambda: reason.checked, timeout=5)
        roster.press("<Alt>v")
        roster.type("000000")

        # A wrong code: the server's refusal in the dialog, which stays. No
        # code has been issued yet, so it says to call support for one.
        roster.click(dialog, "Close Account…")
        confirm_closure(roster)
        wait_until("the refusal of a wrong code shown",
                   lambda: any(still(lambda: "The verification code is wrong" in node.name)
                               for node in roster.find_all(dialog, roleName="label")), timeout=30)
        refusal = roster.label_containing(dialog, "The verification code is wrong")
        assert refusal.name == ("The verification code is wrong, used or expired, and no code is valid any more:"
                                " call support for a new one"), refusal.name
        roster.wait_for(dialog, name="The Account Was Not Closed")
        assert firm.sql("SELECT closed_at FROM account") == [(None,)]

        # Support's code, read out on the phone.
        code = firm.support("closure-code")
        roster.press("<Alt>v")
        roster.press("<Control>a")
        roster.type(code)
        roster.click(dialog, "Close Account…")
        confirm_closure(roster)
        roster.window_gone("Close Account", timeout=30)

        # The closed account, on the server and on the screen.
        (closed_at, reason_code), = firm.sql("SELECT closed_at, closure_reason FROM account")
        assert closed_at is not None and reason_code == "firm_closing"
        status, answer = firm.api("/account.json")
        assert status == 403 and answer["error"]["type"] == "account_closed", (status, answer)
        roster.wait_for(page, name="The Firm’s Account Is Closed", timeout=30)
        roster.label_containing(page, "Nothing can be changed any more")
        roster.gone(page, roleName="check box", name="Remove Unused Licenses at Renewal")
        roster.label_containing(window, "The firm’s account was closed on")

        # Export as CSV, through the file chooser as a person does.
        path = os.path.join(firm.home, "export", "users.csv")
        os.makedirs(os.path.dirname(path))
        roster.click(page, "Export as CSV…")
        chooser = window_saying(roster, "Export Users and Open Work")
        roster.wait_for(chooser, roleName="text", name="Name:")
        roster.press("<Control>a")
        roster.type(path)
        saves = [node for node in roster.find_all(chooser, roleName="push button") if node.name.endswith("Save")]
        saves[0].doActionNamed("click")
        users = firm.sql("SELECT id, email, enabled FROM users")
        roster.wait_for(page, timeout=30, name=f"Saved {len(users)} users and their open work to {path}")
        with open(path, newline="") as f:
            records = list(csv.DictReader(f))
        exported = {int(row["id"]): row for row in records if row["kind"] == "user"}
        assert set(exported) == {id for id, _, _ in users}, sorted(exported)
        for id, email, enabled in users:
            row = exported[id]
            assert row["email"] == email and row["status"] == ("active" if enabled else "deactivated"), row
            (matters,), = firm.sql("SELECT count(*) FROM matters WHERE responsible_attorney_id = ?"
                                   " AND status IN ('Open', 'Pending')", id)
            assert int(row["open_matters"]) == matters, (row, matters)
        assert any(row["kind"] == "matter" for row in records)

        # Remove the local data, after a confirmation: signed out, and the
        # cache gone from the disk.
        assert glob.glob(os.path.join(firm.home, "cache", "roster", "*.db"))
        roster.click(page, "Remove…")
        roster.click(window_saying(roster, "Remove the Firm’s Data?"), "Remove")
        roster.window_gone("Account and Licenses")
        roster.wait_for(window, name="Welcome to Roster")
        assert not glob.glob(os.path.join(firm.home, "cache", "roster", "*.db"))
    finally:
        roster.close()


if __name__ == "__main__":
    run(test_account)
