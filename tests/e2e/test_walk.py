#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every page and dialog of Roster, walked through the accessibility tree as
a screen reader's user meets them, checking on each:

* that every control (button, toggle, check box, entry, switch, combo box,
  menu item, link) has a name to be announced by;
* with ROSTER_WALK_LANGUAGE=de, that no English shows: the program runs as
  installed (staged with `meson install --destdir`, its translations found
  beside it) under a German locale made here, and fails on any visible text
  that is one of Roster's English messages (whole, or the pattern of a
  message with placeholders), or that holds a word only Roster's English
  messages use (neither its German translations nor the demo firm's data:
  what a string never marked for translation would show).

The walk finds its way by the labels a person reads, in the language shown:
each is looked up in the translations the program itself uses.

    ROSTER_WALK_LANGUAGE=de ROSTER_BUILD_ROOT=… ROSTER_PREFIX=…
"""

import gettext
import glob
import os
import re
import sqlite3
import subprocess
import tempfile
import time

import rosterdriver
from rosterdriver import Roster, new_home, run, still, wait, landmark, message_dialog, choose
from gi.repository import Atspi, GLib

# Pages of a few hundred rows on a loaded machine: wait as a person waits.
Atspi.set_timeout(10000, 15000)

LANGUAGE = os.environ.get("ROSTER_WALK_LANGUAGE", "en")
HOME, ENV = new_home("walk-" + LANGUAGE)
PROBLEMS = []
VISITED = []

# The roles of what a person operates; each needs a name to be announced by.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "text", "password text",
    "entry", "spin button", "combo box", "switch", "menu item", "check menu item",
    "radio menu item", "link", "slider",
}


def stage_installation():
    """Installs the build into a scratch root, as a package is staged, and
    makes a German locale: the program then runs as shipped."""
    stage = tempfile.mkdtemp(prefix="roster-walk-stage-")
    subprocess.run(["meson", "install", "-C", os.environ["ROSTER_BUILD_ROOT"], "--destdir", stage,
                    "--no-rebuild", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    root = stage + os.environ["ROSTER_PREFIX"]
    subprocess.run(["glib-compile-schemas", os.path.join(root, "share", "glib-2.0", "schemas")], check=True)
    locales = os.path.join(stage, "locales")
    os.makedirs(locales)
    subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(locales, "de_DE.UTF-8")],
                   check=True)
    return root, locales


def localized(env):
    """env, for the program of the walk's language: in German, the staged
    installation (its server, schemas and translations) under de_DE."""
    if LANGUAGE == "de":
        env.pop("ROSTER_SERVER", None)  # found beside the installed program
        env.pop("GSETTINGS_SCHEMA_DIR", None)
        env.update(LC_ALL="de_DE.UTF-8", LANGUAGE="de", LOCPATH=LOCALES,
                   XDG_DATA_DIRS=os.path.join(ROOT, "share") + ":/usr/share")
    return env


if LANGUAGE == "de":
    ROOT, LOCALES = stage_installation()
    rosterdriver.ROSTER_EXE = os.path.join(ROOT, "bin", "roster")
    CATALOG = gettext.translation("roster", os.path.join(ROOT, "share", "locale"), languages=["de"])
else:
    CATALOG = gettext.NullTranslations()
localized(ENV)


def _(message, context=None):
    """message as the program shows it: translated, its mnemonic gone."""
    text = CATALOG.pgettext(context, message) if context else CATALOG.gettext(message)
    return text.replace("_", "")


# What counts as English on a German screen.

def plural_messages():
    """The English plurals of po/de.po ("%u actions waiting…"): a .mo keeps
    them, but Python's gettext keeps only the singular."""
    path = os.path.join(os.environ["G_TEST_SRCDIR"], "..", "po", "de.po")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = []
    for match in re.finditer(r'^msgid_plural ((?:".*"\n)+)', text, re.MULTILINE):
        found.append("".join(re.findall(r'"(.*)"', match.group(1))).encode().decode("unicode_escape")
                     .encode("latin-1").decode("utf-8"))
    return found


def english_messages():
    """Roster's messages whose German differs: exact texts, and patterns for
    those with placeholders."""
    exact, patterns = set(), []
    messages = [(key[0] if isinstance(key, tuple) else key, german) for key, german in CATALOG._catalog.items()]
    messages += [(plural, None) for plural in plural_messages()]
    for english, german in messages:
        english = english.split("\x04")[-1]
        if not english or english == german:
            continue
        english = english.replace("_", "")
        if re.search(r"%[-0-9.']*[a-zA-Z]", english):
            pieces = re.split(r"%[-0-9.']*(?:l{0,2}|z|j|t)?[a-zA-Z]", english)
            if sum(len(piece.strip()) for piece in pieces) >= 8:
                patterns.append(re.compile("^" + ".+".join(re.escape(piece) for piece in pieces) + "$"))
        else:
            exact.add(english)
    return exact, patterns


def words(text):
    return set(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", text))


def firm_words():
    """Every word of the demo firm's own data: its names, matters, tasks."""
    found = set()
    for path in glob.glob(os.path.join(HOME, "data", "roster", "*", "*.db")):
        with sqlite3.connect(path) as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                for row in db.execute(f'SELECT * FROM "{table}"'):
                    for value in row:
                        if isinstance(value, str):
                            found |= words(value)
    return found


ENGLISH = None


def english_in(text):
    """Why text reads as English, or None."""
    exact, patterns, only_english = ENGLISH
    if text in exact:
        return "an untranslated message"
    for pattern in patterns:
        if pattern.match(text):
            return f"an untranslated message ({pattern.pattern})"
    # A licence's name is a name: libadwaita's German keeps it English.
    stray = words(text.replace("GNU General Public License", "")) & only_english
    if stray:
        return f"English words {sorted(stray)}"
    return None


def prepare_english_check():
    global ENGLISH
    exact, patterns = english_messages()
    english_words, german_words = set(), set()
    for key, german in CATALOG._catalog.items():
        english = key[0] if isinstance(key, tuple) else key
        english_words |= words(english.split("\x04")[-1].replace("_", ""))
        german_words |= words(german.replace("_", ""))
    ENGLISH = (exact, patterns, english_words - german_words - firm_words())


# The walk's checks.

def described(node):
    """Whether node has a name, or a label that names it."""
    if still(lambda: node.name):
        return True
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == Atspi.RelationType.LABELLED_BY:
                return True
    except GLib.GError:
        pass
    return False


def visible_nodes(node, path=()):
    try:
        children = list(node.children)
    except GLib.GError:
        return
    for child in children:
        if not still(lambda: child.visible):
            continue
        yield child, path
        yield from visible_nodes(child, path + (child.name or child.roleName,))


def inspect(screen, node):
    """Checks everything shown under node, the screen a person is on."""
    VISITED.append(screen)
    for attempt in range(3):
        try:
            found = list(visible_nodes(node))
            break
        except GLib.GError:  # a node went while the tree was walked: look again
            if attempt == 2:
                raise
            time.sleep(0.3)
    checked = 0
    for child, path in found:
        role, name = still(lambda: child.roleName), still(lambda: child.name)
        if role in CONTROL_ROLES:
            checked += 1
            if not described(child):
                PROBLEMS.append(f"{screen}: a {role} without a name, in {' › '.join(path[-4:])}")
            elif name and re.search(r"(^|\s)_[^\W_]", name):
                # GTK 4.8 reads a label's mnemonic into the name: "_Retry Retry".
                PROBLEMS.append(f"{screen}: the {role} {name!r} is announced with its mnemonic")
        if LANGUAGE == "de":
            for text in (name, still(lambda: child.description)):
                why = english_in(text) if text else None
                if why:
                    PROBLEMS.append(f"{screen}: {text!r} is English ({why}), in {' › '.join(path[-3:])}")
    print(f"# {screen}: {len(found)} nodes, {checked} controls")


# Finding one's way, by what the screen says.

def other_toplevel(roster, but, timeout=15):
    """The visible window of Roster's whose title is not in but: a popover
    or a dialog that opened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node in roster.app.children:
            if still(lambda: node.visible and node.name not in but):
                return node
        time.sleep(0.2)
    raise AssertionError(f"no window opened beside {but}")


def open_user(roster, window, search, name):
    rosterdriver.open_user(roster, window, search, name, open_work=_("Open Work"))


def from_menu(roster, window, item):
    """Chooses item in the main menu (a popover: in the window's tree)."""
    roster.click(window, _("Main Menu"))
    roster.click(roster.app, _(item))


def visit(roster, screen, opened, close="Escape"):
    """Inspects the window that opened, then closes it: with Escape, or the
    button labelled close."""
    time.sleep(1)
    inspect(screen, opened)
    if close == "Escape":
        roster.press("Escape")
    else:
        roster.click(opened, _(close))


def ask(roster, window, button, heading, name):
    """The question a button of the user's page asks about name."""
    roster.click(landmark(window, "RosterUserPage"), _(button))
    return message_dialog(roster, _(heading).replace("%s", name))


def walk_welcome():
    """The first pages, in a home of their own: one with no account yet."""
    _home, env = new_home("walk-welcome-" + LANGUAGE)
    roster = Roster(env=localized(env), timeout=60)
    try:
        window = roster.window(_("Roster"))
        wait(window, name=_("Welcome to Roster"))
        inspect("the welcome page", window)
        roster.click(window, _("_Connect to Your Firm"))
        wait(window, roleName="push button", name=_("_Sign In"))
        inspect("the connect page", window)
    finally:
        roster.close()


def walk_demo():
    roster = Roster("--demo", env=ENV, timeout=60)
    try:
        window = roster.window(_("Roster"))
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        if LANGUAGE == "de":
            prepare_english_check()
        inspect("the users, active", window)
        roster.click(window, _("_Deactivated"))
        inspect("the users, deactivated", window)
        roster.click(window, _("A_ll"))
        inspect("the users, all", window)

        roster.press("<Control>f")
        roster.type("zzzz")
        wait(window, name=_("No Users Found"))
        inspect("a search that finds nobody", window)
        roster.press("<Control>a")
        roster.press("BackSpace")

        roster.click(window, _("Select Users"))
        wait(window, name=_("Deactivate _Selected…"))
        inspect("choosing users to deactivate", window)
        roster.press("<Control>f")
        roster.type("li")
        roster.press("Down")
        roster.press("<Control>a")
        roster.click(window, _("Deactivate _Selected…"))
        visit(roster, "deactivating several users", other_toplevel(roster, {_("Roster")}), close="_Cancel")
        roster.press("<Control>f")
        roster.press("<Control>a")
        roster.press("BackSpace")
        roster.click(window, _("Select Users"))

        # An active user with open work: the page, and its two dialogs.
        open_user(roster, window, "henry", "Henry Mensah")
        inspect("an active user's page", window)
        visit(roster, "the question before deactivating",
              ask(roster, window, "_Deactivate…", "Deactivate %s?", "Henry Mensah"), close="_Cancel")
        roster.click(landmark(window, "RosterUserPage"), _("Re_assign Work…"))
        visit(roster, "the reassign dialog", roster.toplevel(_("Reassign Work")))
        roster.window_gone(_("Reassign Work"))

        # A deactivated user.
        roster.press("<Alt>Left")
        open_user(roster, window, "yuki", "Yuki Lindqvist")
        inspect("a deactivated user's page", window)
        visit(roster, "the question before reactivating",
              ask(roster, window, "_Reactivate…", "Reactivate %s?", "Yuki Lindqvist"), close="_Cancel")
        roster.press("<Alt>Left")

        # The main menu and what it opens.
        # Popovers are in the window's tree.
        roster.click(window, _("Main Menu"))
        wait(window, name=_("_Keyboard Shortcuts"))
        inspect("the main menu", window)
        roster.click(roster.app, _("Account and _Licenses…"))
        account = roster.window(_("Account and Licenses"))
        wait(account, name=_("Renewal Date"))
        inspect("the account", account)
        roster.click(account, _("_Close Account…"))
        visit(roster, "closing the account", roster.toplevel(_("Close Account")))
        roster.window_gone(_("Close Account"))
        roster.press("<Control>w")
        roster.window_gone(_("Account and Licenses"))

        from_menu(roster, window, "Ac_tivity")
        visit(roster, "the activity", roster.toplevel(_("Activity")))
        roster.window_gone(_("Activity"))

        roster.click(window, _("Notifications"))
        wait(window, name=_("No Notifications"))
        inspect("the notifications", window)
        roster.press("Escape")

        from_menu(roster, window, "_Keyboard Shortcuts")
        visit(roster, "the keyboard shortcuts", other_toplevel(roster, {_("Roster")}))
        from_menu(roster, window, "Sign _Out…")
        visit(roster, "signing out", other_toplevel(roster, {_("Roster")}), close="_Cancel")
        from_menu(roster, window, "_About Roster")
        visit(roster, "about Roster", other_toplevel(roster, {_("Roster")}))
    finally:
        roster.close()


def walk_offline():
    """The demo firm's server gone: what waits to be sent, where it shows."""
    roster = Roster(env=dict(ENV, ROSTER_SERVER="/nonexistent/roster-server"), timeout=60)
    try:
        window = roster.window(_("Roster"))
        roster.wait_for(window, name="Marcus Reyes", timeout=60)
        inspect("the users, offline", window)

        open_user(roster, window, "hannah.chen", "Hannah Chen")
        question = ask(roster, window, "_Deactivate…", "Deactivate %s?", "Hannah Chen")
        roster.click(question, _("_Deactivate"))
        wait(landmark(window, "RosterUserPage"), roleName="label", name=_("Deactivation pending"), timeout=30)
        inspect("a deactivation waiting to be sent", window)

        roster.press("<Alt>Left")
        roster.click(window, _("A_ll"))
        open_user(roster, window, "yuki", "Yuki Lindqvist")
        roster.click(landmark(window, "RosterUserPage"), _("Re_assign Work…"))
        dialog = roster.toplevel(_("Reassign Work"))
        choose(roster, dialog, _("_Matters"), "Marcus Reyes")
        inspect("a reassignment's preview", dialog)
        roster.click(dialog, _("_Reassign"))
        wait(dialog, roleName="label", name=_("Waiting to Be Sent"), timeout=60)
        inspect("a reassignment waiting to be sent", dialog)
        roster.click(dialog, _("_Done"))
        roster.window_gone(_("Reassign Work"))

        outbox = landmark(window, "RosterOutboxButton", depth=14)
        waiting = CATALOG.ngettext("%u action waiting to be sent", "%u actions waiting to be sent", 2)
        roster.click(outbox, waiting.replace("%u", "2"))
        time.sleep(1)
        inspect("what waits to be sent", window)
        roster.press("Escape")

        roster.press("<Alt>Left")
        open_user(roster, window, "marcus.reyes", "Marcus Reyes")
        inspect("one's own page", window)
    finally:
        roster.close()


def test_walk():
    walk_demo()
    walk_offline()
    walk_welcome()
    print(f"# {len(VISITED)} screens walked in {LANGUAGE}: {', '.join(VISITED)}")
    assert not PROBLEMS, f"{len(PROBLEMS)} problems:\n" + "\n".join(PROBLEMS)


run(test_walk)
