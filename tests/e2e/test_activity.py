#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Activity and notifications, as the people of a firm use them, checked
against the server (its API), never against Roster's cache:

1. An administrator of the demo firm: work reassigned through the API
   while Roster is open, then Hannah Chen deactivated through the window.
   The Activity window (main menu) lists every event the server's
   GET /audit_events.json has, newest first, in words: what, about whom, by
   whom, when. Filtered by Hannah Chen and by "Deactivated", her
   deactivation stays and the others go; the search finds by name. A
   reactivation made through the API shows in the open window after a
   sync. Exported as CSV through the file chooser, the file holds every
   event the API has. The administrator has no notification: the bell's
   popover says so.
2. Daniel García, who manages nothing, signed in through the browser: work
   reassigned to him through the API before Roster first synced shows as
   "Notifications, 1 unread" and in the popover with what the API says;
   once opened, the count is gone. Started again, Roster keeps them read. The Activity window says the
   audit log is not his to read, rather than showing an empty list.

With ROSTER_ACTIVITY_SCREENSHOTS=DIR (and xdotool and ImageMagick, on a
screen wider than 1,400 px), it also takes the screenshots of the Activity
window and the popover; ROSTER_ACTIVITY_SCREENSHOTS_STYLE=dark (with
GSETTINGS_BACKEND=keyfile) or =high-contrast takes them in that style, their
names ending in -dark or -high-contrast.
"""

import csv
import datetime
import json
import locale
import os
import subprocess
import tempfile
import textwrap
import time
import urllib.request

from rosterdriver import Roster, new_home, run, wait_until
from dogtail.config import config
from gi.repository import Atspi

# Every step here waits for what it expects; dogtail's second after each
# action would take the test past its time.
config.actionDelay = 0.5
# A loaded machine may hold Roster's main loop up for longer than AT-SPI's
# 0.8 s default (as in test_reassign).
Atspi.set_timeout(10000, 15000)

SERVER = os.environ["ROSTER_SERVER"]
SHOTS = os.environ.get("ROSTER_ACTIVITY_SCREENSHOTS")
STYLE = os.environ.get("ROSTER_ACTIVITY_SCREENSHOTS_STYLE")
MARCUS = "marcus.reyes@hartbell.example"
DANIEL = "daniel.garcia@hartbell.example"
YUKI, DANIEL_ID, HANNAH = 13, 4, 9

# The words Roster uses for the actions (roster-labels.c).
ACTIONS = {
    "user.deactivate": "Deactivated",
    "user.activate": "Reactivated",
    "user.reassign_work": "Work reassigned",
    "support.release_email": "E-mail address released by support",
    "account.renewal_options": "Renewal options changed",
    "account.close": "Account closed",
}
AUDIT_FIELDS = "id,created_at,actor{id,name},action,target_type,target_id"


class Firm:
    """A firm's server, and its API as one of its users."""

    def __init__(self, db, url=None):
        self.db = db
        self.url = url
        self.tokens = {}

    def token(self, email):
        """An access token, as the firm's support desk issues one; the
        server may hold its database for a moment."""
        for _ in range(20):
            if email in self.tokens:
                return self.tokens[email]
            done = subprocess.run([SERVER, "support", "issue-token", "--db", self.db, email],
                                  capture_output=True, text=True)
            if done.returncode == 0:
                self.tokens[email] = done.stdout.strip()
            else:
                time.sleep(0.5)
        raise AssertionError(f"no token for {email}: {done.stderr}")

    def api(self, method, path, email, body=None):
        url = path if path.startswith("http") else self.url + "/api/v4" + path
        request = urllib.request.Request(url, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": "Bearer " + self.token(email),
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def list(self, path, email):
        """Every record of a list, page after page."""
        records = []
        answer = self.api("GET", path, email)
        records += answer["data"]
        while answer["meta"]["paging"].get("next"):
            answer = self.api("GET", answer["meta"]["paging"]["next"], email)
            records += answer["data"]
        return records

    def audit_events(self):
        """The audit log, newest first, as the server answers it."""
        events = self.list(f"/audit_events.json?fields={AUDIT_FIELDS}&limit=2", MARCUS)
        return sorted(events, key=lambda e: (e["created_at"], e["id"]), reverse=True)


def when(created_at):
    """As Roster writes a moment in a list: the medium date and the time,
    in local time, 24-hour in the tests' C.UTF-8 locale."""
    moment = datetime.datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone()
    twelve = any(code in locale.nl_langinfo(locale.T_FMT) for code in ("%p", "%r", "%I"))
    hour = f"{int(moment.strftime('%I'))}:{moment:%M %p}" if twelve else f"{moment:%H:%M}"
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}"


def expected_row(event, names):
    target = names[event["target_id"]] if event["target_type"] == "user" else "The firm’s account"
    return (ACTIONS.get(event["action"], event["action"]), f"{target}, by {event['actor']['name']}",
            when(event["created_at"]))


def shown_rows(roster, activity):
    """The events the Activity window lists, top to bottom: what, about
    whom and by whom, when."""
    events = [node for node in roster.find_all(activity, roleName="list") if node.name == "Events"]
    if not events:
        return []
    return [tuple(node.name for node in roster.find_all(item, roleName="label"))
            for item in roster.find_all(events[0], roleName="list item")]


def wait_for_rows(roster, activity, expected, timeout=30):
    deadline = time.monotonic() + timeout
    while (shown := shown_rows(roster, activity)) != expected and time.monotonic() < deadline:
        time.sleep(0.3)
    assert shown == expected, (shown, expected)


def summary(roster, activity):
    found = [node.name for node in roster.find_all(activity, roleName="label") if "the newest first" in node.name]
    assert len(found) == 1, found
    return found[0]


def choose(roster, activity, row, choice):
    """Picks choice in the combo row labelled row, with the keyboard, as a
    person does: Tab to the row, the list opens on Return."""
    from dogtail import rawinput
    combo = roster.wait_for(activity, roleName="combo box", name=row)
    # The list picks what the pointer rests on: out of the way with it.
    rawinput.absoluteMotion(1279, 1023)
    # From the search, Tab goes into the filters, and the arrows from one
    # to the next.
    roster.press("<Control>f")
    roster.press("Tab")
    for _ in range(2):
        if combo.focused:
            break
        roster.press("Down")
    assert combo.focused, f"{row} never had the focus"
    roster.press("Return")
    deadline = time.monotonic() + 15
    names = []
    while choice not in names and time.monotonic() < deadline:
        # The row shows its choice in a list of one; the choices are the
        # popover's list, the other.
        lists = roster.find_all(combo, roleName="list")
        names = [roster.find_all(item, roleName="label")[0].name
                 for item in roster.find_all(lists[-1], roleName="list item")] if len(lists) > 1 else []
        time.sleep(0.2)
    assert choice in names, (row, names)
    roster.press("Home")
    for _ in range(names.index(choice)):
        roster.press("Down")
    roster.press("Return")
    deadline = time.monotonic() + 5
    while choice not in (said := [node.name for node in roster.find_all(combo, roleName="label")]):
        assert time.monotonic() < deadline, f"{row} says {said}, not {choice}"
        time.sleep(0.2)






def open_user(roster, window, search, name):
    roster.press("<Control>f")
    roster.press("<Control>a")
    roster.type(search)
    roster.wait_for(window, name=name)
    roster.press("Return")
    roster.wait_for(window, name="Profile")


def header_of(roster, window):
    """The window's header bar: what is looked for there is found at once,
    without walking the users list."""
    node = roster.wait_for(window, name="Main Menu", roleName="push button")
    # Up to what holds the window's title too.
    while not roster.find_all(node, name="Roster", roleName="label"):
        node = node.parent
    return node




def dialog_with(roster, text, timeout=15):
    """The window, other than Roster's own, that says text (a question)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in roster.app.children:
            if node.name not in ("Roster", "Activity") and node.visible and roster.find_all(node, name=text):
                return node
        time.sleep(0.2)
    raise AssertionError(f"no window says {text!r}")


def click_sensitive(roster, parent, name, timeout=15):
    """Clicks the control labelled name that can be clicked: GTK 4.8 lists
    a stack's hidden pages too (the users list's selection bar has its own
    Deactivate…)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in roster.find_all(parent, name=name):
            if "click" in node.actions and node.sensitive:
                node.doActionNamed("click")
                return node
        time.sleep(0.2)
    raise AssertionError(f"no control labelled {name!r} to click")


def open_activity(roster, header):
    roster.click(header, "Main Menu")
    roster.click(header, "Activity")
    return roster.toplevel("Activity")


def make_home(name):
    """A home of the test's own; for screenshots, with a GNOME desktop's
    fonts and theme (as build-aux/screenshot sets them) and the style
    asked for."""
    home, env = new_home(name)
    if SHOTS:
        os.makedirs(os.path.join(home, "config", "gtk-4.0"))
        with open(os.path.join(home, "config", "gtk-4.0", "settings.ini"), "w") as f:
            f.write("[Settings]\ngtk-font-name=Cantarell 11\ngtk-theme-name=Adwaita\n"
                    "gtk-icon-theme-name=Adwaita\ngtk-hint-font-metrics=true\n")
        if STYLE == "dark":
            # With no settings portal, libadwaita reads the desktop's GSettings.
            os.makedirs(os.path.join(home, "config", "glib-2.0", "settings"))
            with open(os.path.join(home, "config", "glib-2.0", "settings", "keyfile"), "w") as f:
                f.write("[org/gnome/desktop/interface]\ncolor-scheme='prefer-dark'\n")
        elif STYLE == "high-contrast":
            env["ADW_DEBUG_HIGH_CONTRAST"] = "1"
    return home, env


def shoot(roster, title, name, width, height):
    """The window titled title at width × height, as a person sees it."""
    if not SHOTS:
        return
    if STYLE:
        name = name.replace(".png", f"-{STYLE}.png")
    # --all: xdotool finds a window that meets any condition, else.
    window = subprocess.run(["xdotool", "search", "--all", "--sync", "--onlyvisible",
                             "--pid", str(roster.process.pid), "--name", f"^{title}$"],
                            check=True, capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["xdotool", "windowsize", window, str(width), str(height)], check=True)
    time.sleep(2)
    # The screen where the window is, so that a popover over it shows too.
    geometry = dict(line.split("=") for line in subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window], check=True, capture_output=True,
        text=True).stdout.split())
    subprocess.run(["import", "-window", "root", "-crop",
                    f"{geometry['WIDTH']}x{geometry['HEIGHT']}+{geometry['X']}+{geometry['Y']}", "+repage",
                    os.path.join(SHOTS, name)], check=True)


def test_administrator():
    home, env = make_home("activity")
    demo = os.path.join(home, "data", "roster", "demo")
    roster = Roster("--demo", env=env, timeout=60)
    try:
        window = roster.window("Roster")
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        with open(os.path.join(home, "config", "roster", "accounts.ini")) as f:
            url = next(line.split("=", 1)[1].strip() for line in f if line.startswith("server="))
        firm = Firm(os.path.join(demo, "firm.db"), url)
        names = {user["id"]: user["name"] for user in firm.list("/users.json?fields=id,name&limit=200", MARCUS)}

        # The administrator has no notification: the bell says none.
        header = header_of(roster, window)
        roster.click(header, "Notifications")
        roster.wait_for(header, name="No Notifications", roleName="label")
        roster.press("Escape")
        roster.gone(header, name="No Notifications")

        # Work reassigned through the API, behind Roster's back; then a
        # deactivation through the window, whose sync brings both.
        firm.api("POST", f"/users/{YUKI}/reassign_work.json", MARCUS, {"data": {"matters_to": DANIEL_ID}})
        open_user(roster, window, "hannah.chen", "Hannah Chen")
        click_sensitive(roster, window, "Deactivate…")
        roster.click(dialog_with(roster, "Deactivate Hannah Chen?"), "Deactivate")
        wait_until("Hannah Chen's deactivation", timeout=60,
                   check=lambda: not firm.api("GET", f"/users/{HANNAH}.json?fields=enabled", MARCUS)["data"]["enabled"])

        # Every event of the server's, newest first, in words.
        activity = open_activity(roster, header)
        events = firm.audit_events()
        assert [e["action"] for e in events] == ["user.deactivate", "user.reassign_work"], events
        wait_for_rows(roster, activity, [expected_row(e, names) for e in events])
        assert summary(roster, activity) == "2 events, the newest first"

        # The search looks in names and in the words of the actions.
        roster.press("<Control>f")
        roster.type("lindqvist")
        wait_for_rows(roster, activity, [expected_row(events[1], names)])
        roster.press("<Control>a")
        roster.type("deactivated")
        wait_for_rows(roster, activity, [expected_row(events[0], names)])
        roster.type("x")
        wait_for_rows(roster, activity, [])
        roster.wait_for(activity, name="No Events Found", roleName="label")
        roster.press("<Control>a")
        roster.press("BackSpace")
        wait_for_rows(roster, activity, [expected_row(e, names) for e in events])
        roster.gone(activity, name="No Events Found")

        # A reactivation through the API shows in the open window once
        # Roster syncs.
        firm.api("POST", f"/users/{HANNAH}/activate.json", MARCUS, {"data": {}})
        roster.click(header, "Sync Now")
        events = firm.audit_events()
        assert [e["action"] for e in events] == ["user.activate", "user.deactivate", "user.reassign_work"], events
        wait_for_rows(roster, activity, [expected_row(e, names) for e in events], timeout=60)
        shoot(roster, "Activity", "activity.png", 800, 640)
        shoot(roster, "Activity", "activity-1400.png", 1400, 900)
        shoot(roster, "Activity", "activity-360.png", 360, 720)

        # Saved as CSV through the file chooser: every event the API has.
        # A short path: it is typed a key at a time.
        path = os.path.join(tempfile.mkdtemp(prefix="ra"), "a.csv")
        roster.click(activity, "Export as CSV…")
        chooser = roster.toplevel("Export the Activity as CSV", timeout=30)
        deadline = time.monotonic() + 15
        while not [node for node in roster.find_all(chooser, roleName="text") if node.name.startswith("Name")]:
            assert time.monotonic() < deadline, "the file chooser has no Name"
            time.sleep(0.2)
        roster.press("<Control>a")
        roster.type(path)
        roster.press("Return")
        roster.wait_for(activity, name=f"Saved as {path}", timeout=30)
        with open(path, newline="", encoding="utf-8") as f:
            records = list(csv.DictReader(f))
        assert list(records[0]) == ["created_at", "actor", "action", "target_type", "target_id"], list(records[0])
        assert records == [{"created_at": e["created_at"], "actor": e["actor"]["name"], "action": e["action"],
                            "target_type": e["target_type"], "target_id": str(e["target_id"])} for e in events], \
            records

        # Activity again from the main menu: the window already open comes
        # forward (with the keyboard's focus, which the file chooser took).
        assert open_activity(roster, header) == activity
        assert len([node for node in roster.app.children if node.name == "Activity"]) == 1

        # Filtered by Hannah Chen, then by Deactivated: her deactivation
        # stays, the others go.
        choose(roster, activity, "User", "Hannah Chen")
        wait_for_rows(roster, activity, [expected_row(e, names) for e in events[:2]])
        choose(roster, activity, "Action", "Deactivated")
        wait_for_rows(roster, activity, [expected_row(events[1], names)])
        assert summary(roster, activity) == "1 of 3 events, the newest first"
        shoot(roster, "Activity", "activity-filtered.png", 800, 640)
        roster.click(activity, "Close")
        roster.window_gone("Activity")
    finally:
        roster.close()


BROWSER = textwrap.dedent("""\
    #!/usr/bin/python3
    import sys, urllib.parse, urllib.request
    url = sys.argv[1]
    parts = urllib.parse.urlsplit(url)
    form = parts.query + "&" + urllib.parse.urlencode(
        {{"email": {email!r}, "password": "roster-demo", "action": "allow"}})
    action = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    urllib.request.urlopen(action, data=form.encode())
    """)


def register_browser(home, email):
    """A browser that signs in as email, as the desktop's default (as in
    test_connect)."""
    applications = os.path.join(home, "data", "applications")
    os.makedirs(applications)
    os.makedirs(os.path.join(home, "config"), exist_ok=True)
    program = os.path.join(home, "browser.py")
    with open(program, "w") as f:
        f.write(BROWSER.format(email=email))
    os.chmod(program, 0o755)
    with open(os.path.join(applications, "test-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                f"Exec={program} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    with open(os.path.join(home, "config", "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/http=test-browser.desktop\n"
                "x-scheme-handler/https=test-browser.desktop\n")


def connect(roster, window, url):
    """Connect to Your Firm, a server of one's own, as test_connect does."""
    from dogtail import rawinput
    roster.click(window, "Connect to Your Firm")
    roster.wait_for(window, name="Server", roleName="combo box")
    rawinput.absoluteMotion(1279, 1023)
    roster.press("Return")
    roster.wait_for(roster.app, name="Another Server")
    roster.press("End")
    roster.press("Return")
    roster.wait_for(window, name="Server Address", roleName="text")
    roster.type(url)
    roster.click(window, "Sign In")


def popover_rows(roster, header):
    lists = [node for node in roster.find_all(header, roleName="list") if node.name == "Notifications"]
    if not lists:
        return []
    return [[node.name for node in roster.find_all(item, roleName="label")]
            for item in roster.find_all(lists[0], roleName="list item")]


def test_receiver():
    home, env = make_home("notifications")
    register_browser(home, DANIEL)
    db = os.path.join(home, "firm.db")
    subprocess.run([SERVER, "seed", "--db", db, "--firm", "small"], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([SERVER, "serve", "--db", db, "--listen", "127.0.0.1:0", "--exit-with-stdin"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    firm = Firm(db, server.stdout.readline().split()[-1].rstrip("/"))
    try:
        # Work reassigned to Daniel before Roster ever synced.
        firm.api("POST", f"/users/{YUKI}/reassign_work.json", MARCUS, {"data": {"matters_to": DANIEL_ID}})
        notices = firm.list("/notifications.json?fields=id,subject,body,created_at", DANIEL)
        assert len(notices) == 1, notices

        roster = Roster(env=env, timeout=60)
        try:
            window = roster.window("Roster")
            header = header_of(roster, window)
            connect(roster, window, firm.url)
            # Signed in and synced: the bell counts what came.
            roster.wait_for(header, name="Notifications, 1 unread", roleName="push button", timeout=60)
            shoot(roster, "Roster", "notifications-button.png", 800, 600)

            # Opened: the notification as the API has it, marked new; then
            # the count is gone.
            roster.click(header, "Notifications, 1 unread")
            notice = notices[0]
            expected = [notice["subject"], "New", notice["body"].strip(), when(notice["created_at"])]
            deadline = time.monotonic() + 15
            while (shown := popover_rows(roster, header)) != [expected] and time.monotonic() < deadline:
                time.sleep(0.3)
            assert shown == [expected], (shown, expected)
            roster.wait_for(header, name="Notifications", roleName="push button")
            roster.gone(header, name="Notifications, 1 unread")
            shoot(roster, "Roster", "notifications.png", 800, 600)
            shoot(roster, "Roster", "notifications-1400.png", 1400, 900)
            shoot(roster, "Roster", "notifications-360.png", 360, 720)
            roster.press("Escape")

            # The audit log is not his to read: said, not an empty list.
            activity = open_activity(roster, header)
            roster.wait_for(activity, roleName="label",
                            name="You are signed in as Daniel García, who is neither an administrator nor the "
                                 "primary subscriber: the firm is shown read-only")
            assert not shown_rows(roster, activity)
            roster.gone(activity, name="No Activity Yet")
            shoot(roster, "Activity", "activity-not-available.png", 800, 480)
            roster.press("Escape")
            roster.window_gone("Activity")
        finally:
            roster.close()

        # Started again: the sign-in was not kept, the cache is, and the
        # notifications stay read.
        roster = Roster(env=env, timeout=60)
        try:
            window = roster.window("Roster")
            header = header_of(roster, window)
            roster.wait_for(header, name="Notifications", roleName="push button", timeout=30)
            assert not [node for node in roster.find_all(header, roleName="push button")
                        if node.name.startswith("Notifications, ")]
        finally:
            roster.close()
    finally:
        server.stdin.close()
        server.wait(timeout=10)


def test_activity():
    test_administrator()
    test_receiver()


if __name__ == "__main__":
    locale.setlocale(locale.LC_ALL, "")
    run(test_activity)
