# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts the built Roster and finds it in the accessibility tree.

The end-to-end tests import this module, then look for what a person sees:
windows by their titles, buttons and menu items by their labels.
"""

import os
import re
import subprocess
import sys
import time

from gi.repository import GLib

# dogtail would otherwise refuse to start unless accessibility is switched on
# in the desktop's settings; GTK 4 always exposes its tree over AT-SPI.
from dogtail.config import config

config.checkForA11y = False
config.logDebugToFile = False
config.logDebugToStdOut = False
config.searchCutoffCount = 20
config.defaultDelay = 0.2

from dogtail import tree  # noqa: E402
from dogtail.predicate import GenericPredicate  # noqa: E402

ROSTER_EXE = os.environ.get("ROSTER_EXE", "roster")


def new_home(name):
    """A home of the test's own, and the environment that makes it Roster's:
    no account, no cache, no proxy."""
    import tempfile
    home = tempfile.mkdtemp(prefix=f"roster-e2e-{name}-")
    return home, dict(os.environ,
                      XDG_CONFIG_HOME=os.path.join(home, "config"),
                      XDG_DATA_HOME=os.path.join(home, "data"),
                      XDG_CACHE_HOME=os.path.join(home, "cache"),
                      GIO_USE_PROXY_RESOLVER="dummy")
APP_NAMES = ("Roster", "roster")


def still(check):
    """check() on a node that may have gone since it was found: False then."""
    try:
        return check()
    except GLib.GError:
        return False


class Roster:
    """A running Roster process and its accessible application."""

    started = []  # every one, so that a failure can tell which died, and how

    def __init__(self, *args, timeout=30, env=None):
        self.process = subprocess.Popen([ROSTER_EXE, *args], env=env)
        self.closed = False
        Roster.started.append(self)
        self.app = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"roster exited early with status {self.process.returncode}")
            self.app = self._find_application()
            if self.app is not None:
                return
            time.sleep(0.25)
        self.close()
        raise AssertionError("roster did not appear in the accessibility tree")

    def _find_application(self):
        try:
            for app in tree.root.children:
                if app.name in APP_NAMES and app.get_process_id() == self.process.pid:
                    return app
        except Exception:  # The registry may not be up yet.
            return None
        return None

    def find_all(self, parent, **kwargs):
        """The visible descendants of parent that match kwargs."""
        # A row the list lets go of while the tree is walked answers "the
        # application no longer exists": walk again, as a person looks again.
        for attempt in range(5):
            try:
                # GTK 4.8 does not set the SHOWING state, so dogtail's
                # showingOnly would hide everything: filter on VISIBLE instead.
                found = parent.findChildren(GenericPredicate(**kwargs), showingOnly=False)
                return [node for node in found if still(lambda: node.visible)]
            except GLib.GError:
                if attempt == 4:
                    raise
                time.sleep(0.2)

    def wait_for(self, parent, timeout=15, **kwargs):
        """Waits until a visible descendant of parent matches kwargs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.find_all(parent, **kwargs)
            if found:
                return found[0]
            time.sleep(0.2)
        raise AssertionError(f"nothing matching {kwargs} appeared")

    def click(self, parent, name, timeout=15):
        """Clicks the control labelled name, as a person would."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in self.find_all(parent, name=name):
                if "click" in node.actions:
                    node.doActionNamed("click")
                    return node
            time.sleep(0.2)
        raise AssertionError(f"no control labelled {name!r} to click")

    def gone(self, parent, timeout=15, **kwargs):
        """Waits until no visible descendant of parent matches kwargs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.find_all(parent, **kwargs):
                return
            time.sleep(0.2)
        raise AssertionError(f"{kwargs} is still shown")

    def type(self, text):
        """Types text at the keyboard, into whatever has the focus."""
        from dogtail import rawinput
        rawinput.typeText(text)
        time.sleep(0.3)

    def press(self, key):
        """Presses a key or a combination, e.g. "Return" or "<Control>f"."""
        from dogtail import rawinput
        if key.startswith("<"):
            rawinput.keyCombo(key)
        else:
            rawinput.pressKey(key)
        time.sleep(0.3)

    def window(self, title, timeout=15):
        return self.wait_for(self.app, timeout=timeout, name=title, roleName="frame")

    def toplevel(self, name, timeout=15):
        """A window of Roster's by its title, looked for among the windows
        alone (GTK 4.8 gives a dialog no role that dogtail calls one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in self.app.children:
                if node.name == name and node.visible:
                    return node
            time.sleep(0.2)
        raise AssertionError(f"no window {name!r}")

    def window_gone(self, name, timeout=15):
        """Waits until no window of Roster's has that title."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not [node for node in self.app.children if node.name == name and node.visible]:
                return
            time.sleep(0.2)
        raise AssertionError(f"the window {name!r} is still open")

    def label_containing(self, parent, text):
        """The first visible label under parent whose text contains text."""
        found = [node for node in self.find_all(parent, roleName="label") if still(lambda: text in node.name)]
        assert found, f"no label says {text!r}"
        return found[0]

    def close(self):
        self.closed = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def wait_until(what, check, timeout=30):
    """Waits until check() is true; what says what should have happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} did not happen")


def demo_firm(home, sql, *args):
    """What the demo firm's own database, in home's data folder, says."""
    import sqlite3
    with sqlite3.connect(os.path.join(home, "data", "roster", "demo", "firm.db")) as db:
        return db.execute(sql, args).fetchall()



# Finding and driving what the window shows, without walking long lists.

def seek(parent, **kwargs):
    """The descendants of parent that match kwargs (name, roleName, …),
    looking into what is visible only: the dialog's rows are many, and
    walking the whole tree over AT-SPI takes seconds."""
    for child in parent.children:
        if not child.visible:
            continue
        if all(getattr(child, key) == value for key, value in kwargs.items()):
            yield child
        yield from seek(child, **kwargs)


def wait(parent, timeout=15, **kwargs):
    """Waits until seek() finds something."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = next(seek(parent, **kwargs), None)
        except GLib.GError:  # a node went while the tree was walked: look again
            found = None
        if found is not None:
            return found
        time.sleep(0.3)
    # What was there instead, for whoever reads the failure.
    shown = [node.name for node in seek(parent, roleName="label") if node.name][:40]
    raise AssertionError(f"nothing matching {kwargs} appeared; the labels shown: {shown}")


def press_button(parent, name):
    wait(parent, roleName="push button", name=name).doActionNamed("click")


def landmark(parent, name, depth=8):
    """The widget named name near the top of parent's tree ("RosterUserPage",
    "AdwWindowTitle"), found without walking into its long lists."""
    for attempt in range(5):
        try:
            return landmark_once(parent, name, depth)
        except GLib.GError:  # a node went while the tree was walked: look again
            if attempt == 4:
                raise
            time.sleep(0.2)


def landmark_once(parent, name, depth):
    level = [parent]
    for _ in range(depth):
        below = []
        for node in level:
            for child in node.children:
                if child.name == name:
                    return child
                if child.roleName not in ("scroll pane", "list", "table"):
                    below.append(child)
        level = below
    raise AssertionError(f"no {name!r} in the window")


def choose(roster, dialog, row, person):
    """Picks person in the combo row labelled row, with the keyboard, as a
    person does: the list opens on Return and moves with the arrows."""
    from dogtail import rawinput
    combo = wait(dialog, roleName="combo box", name=row)
    # The list picks what the pointer rests on: out of the way with it.
    rawinput.absoluteMotion(1279, 1023)
    # The receivers are rows of one list: the arrows go from one to the next.
    for _ in range(3):
        if combo.focused:
            break
        roster.press("Down")
    assert combo.focused, f"{row} never had the focus"
    roster.press("Return")
    deadline = time.monotonic() + 15
    names = []
    while person not in names and time.monotonic() < deadline:
        # Each row of the list: its name over its open work.
        names = [item[0][0][0].name for item in seek(combo, roleName="list item")]
        time.sleep(0.2)
    assert person in names, (row, combo.focused, names)
    roster.press("Home")
    for _ in range(names.index(person)):
        rawinput.pressKey("Down")
    time.sleep(0.3)
    roster.press("Return")
    # The row says who was chosen, with their open work (after a dash, its
    # kind the translation's).
    chosen = re.compile(re.escape(person) + " [—–-] ")
    deadline = time.monotonic() + 15
    while not chosen.match(combo[0][0][1].name) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert chosen.match(combo[0][0][1].name), combo[0][0][1].name


def message_dialog(roster, heading, timeout=15):
    """The message dialog with that heading: a window of its own."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in roster.app.children:
            if node.name != "Roster" and node.visible and roster.find_all(node, roleName="label", name=heading):
                return node
        time.sleep(0.2)
    raise AssertionError(f"no dialog asks {heading!r}")


def page_button(window, name):
    """The button labelled name on the user's page (the users list has
    buttons of the same name, for the rows selected)."""
    return wait(landmark(window, "RosterUserPage"), roleName="push button", name=name)


def open_user(roster, window, search, name, open_work="Open Work"):
    """Searches the users as a person types, and opens the one found (its
    page says open_work: in the language the program speaks)."""
    from dogtail import rawinput
    # With no window manager, the keyboard goes where the pointer is: over
    # the window's title, where it hovers nothing.
    rawinput.absoluteMotion(480, 20)
    roster.press("<Control>f")
    roster.press("<Control>a")
    roster.type(search)
    wait(landmark(window, "RosterUsersView"), name=name)
    roster.press("Return")
    title = landmark(window, "AdwWindowTitle")[0][0]
    deadline = time.monotonic() + 15
    while title.name != name and time.monotonic() < deadline:
        time.sleep(0.2)
    assert title.name == name, title.name
    wait(landmark(window, "RosterUserPage"), roleName="label", name=open_work)


def run(test):
    """Runs one test function and turns its outcome into an exit status."""
    try:
        test()
    except Exception as error:  # dogtail's own errors too: said, not swallowed
        import traceback
        traceback.print_exc()
        # "The application no longer exists" says nothing of why: say it.
        for roster in Roster.started:
            status = roster.process.poll()
            if status is not None and status != 0 and not roster.closed:
                print(f"roster (pid {roster.process.pid}) had exited with status {status}"
                      f"{' (signal %d)' % -status if status < 0 else ''}", file=sys.stderr)
        print(f"FAIL: {error!r}", file=sys.stderr)
        sys.exit(1)
    print(f"PASS: {test.__name__}")
