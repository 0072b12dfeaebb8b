#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connect to Your Firm, as a person does it: the welcome page, a server of
one's own, Sign In; the default browser opens on the server's sign-in page,
the person signs in and allows Roster, and the browser comes back to Roster,
which shows the firm. The browser here is a small program registered as the
desktop's default for web addresses: it reads the sign-in page, fills it in
and follows the server's redirect, as a person's browser would."""

import os
import subprocess
import textwrap

from rosterdriver import Roster, new_home, run

HOME, ENV = new_home("connect")
SERVER = os.environ["ROSTER_SERVER"]
BROWSER_LOG = os.path.join(HOME, "browser.log")

BROWSER = textwrap.dedent(f"""\
    #!/usr/bin/python3
    import sys, urllib.parse, urllib.request
    url = sys.argv[1]
    with open({BROWSER_LOG!r}, "a") as log:
        log.write("opened " + url + "\\n")
        page = urllib.request.urlopen(url).read().decode()
        log.write("sign-in page " + ("with" if "password" in page else "without") + " a password field\\n")
        parts = urllib.parse.urlsplit(url)
        form = parts.query + "&" + urllib.parse.urlencode(
            {{"email": "marcus.reyes@hartbell.example", "password": "roster-demo", "action": "allow"}})
        action = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        # The server answers with a redirect to Roster's loopback address,
        # which urllib follows as a browser does.
        answer = urllib.request.urlopen(action, data=form.encode())
        log.write("came back to " + answer.geturl().split("?")[0] + " with " + str(answer.status) + "\\n")
    """)


def register_browser():
    """The program above, as the desktop's default web browser."""
    applications = os.path.join(HOME, "data", "applications")
    os.makedirs(applications)
    os.makedirs(os.path.join(HOME, "config"))
    program = os.path.join(HOME, "browser.py")
    with open(program, "w") as f:
        f.write(BROWSER)
    os.chmod(program, 0o755)
    with open(os.path.join(applications, "test-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                f"Exec={program} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    with open(os.path.join(HOME, "config", "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/http=test-browser.desktop\n"
                "x-scheme-handler/https=test-browser.desktop\n")


def start_server():
    """A small firm on a loopback port of its own; returns the process and its URL."""
    db = os.path.join(HOME, "firm.db")
    subprocess.run([SERVER, "seed", "--db", db, "--firm", "small"], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([SERVER, "serve", "--db", db, "--listen", "127.0.0.1:0", "--exit-with-stdin"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    # It says "Listening on URL".
    return server, server.stdout.readline().split()[-1].rstrip("/")


def browser_log():
    with open(BROWSER_LOG) as f:
        return f.read().splitlines()


def test_connect():
    register_browser()
    server, url = start_server()
    try:
        roster = Roster(env=ENV, timeout=60)
        try:
            window = roster.window("Roster")
            roster.click(window, "Connect to Your Firm")
            # The server comes first: open the list, take the last choice,
            # and type the address where the focus goes.
            roster.wait_for(window, name="Server", roleName="combo box")
            # The list picks what the pointer rests on: out of the way with it.
            from dogtail import rawinput
            rawinput.absoluteMotion(1279, 1023)
            roster.press("Return")
            roster.wait_for(roster.app, name="Another Server")
            roster.press("End")
            roster.press("Return")
            roster.wait_for(window, name="Server Address", roleName="text")
            roster.type(url)
            roster.click(window, "Sign In")

            # No Secret Service here: the sign-in is kept in memory, and
            # Roster says so in a banner, as long as it is so.
            roster.wait_for(window, name="No keyring is available: the sign-in lasts until Roster closes",
                            timeout=60)
            # The browser did what a person does there, and came back.
            roster.wait_for(window, name="Marcus Reyes", timeout=60)
            roster.wait_for(window, name="Administrator", roleName="label")
            log = browser_log()
            assert log[0].startswith(f"opened {url}/oauth/authorize?"), log
            assert "code_challenge_method=S256" in log[0], log
            assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in log[0], log
            assert log[1] == "sign-in page with a password field", log
            assert log[2].startswith("came back to http://127.0.0.1:") and log[2].endswith("/signed-in with 200"), log
            with open(os.path.join(HOME, "config", "roster", "accounts.ini")) as f:
                accounts = f.read()
            assert url in accounts and "token" not in accounts.lower(), accounts
        finally:
            roster.close()

        # Started again, Roster has the firm from its cache, and no sign-in:
        # the tokens never reached the disk.
        roster = Roster(env=ENV, timeout=60)
        try:
            window = roster.window("Roster")
            roster.wait_for(window, name="The sign-in was not kept: the firm is shown as last synced. "
                                          "Sign out and sign in again to sync.", timeout=30)
            roster.wait_for(window, name="Marcus Reyes", timeout=30)
            assert len(browser_log()) == 3, "the browser opened again"
        finally:
            roster.close()
    finally:
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    run(test_connect)
