# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts the built Roster and finds it in the accessibility tree.

The end-to-end tests import this module, then look for what a person sees:
windows by their titles, buttons and menu items by their labels.
"""

import os
import subprocess
import sys
import time

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


class Roster:
    """A running Roster process and its accessible application."""

    def __init__(self, *args, timeout=30, env=None):
        self.process = subprocess.Popen([ROSTER_EXE, *args], env=env)
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
        # GTK 4.8 does not set the SHOWING state, so dogtail's showingOnly
        # would hide everything: filter on VISIBLE instead.
        found = parent.findChildren(GenericPredicate(**kwargs), showingOnly=False)
        return [node for node in found if node.visible]

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
        found = [node for node in self.find_all(parent, roleName="label") if text in node.name]
        assert found, f"no label says {text!r}"
        return found[0]

    def close(self):
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


def run(test):
    """Runs one test function and turns its outcome into an exit status."""
    try:
        test()
    except AssertionError as error:
        print(f"FAIL: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"PASS: {test.__name__}")
