#!/usr/bin/python3
# test_cli.py
#
# Copyright 2026 The Roster Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The built roster-cli against a seeded roster-server, as a script would run
# it: every command, its exit codes, JSON checked against the server's own
# answers, a dry run equal to the server's, a bulk deactivation applied once
# each, a refusal's reason on standard error, reads from the cache offline
# and a queued write applied once when the server returns. Prints TAP.

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

CLI = os.environ["ROSTER_CLI"]
SERVER = os.environ["ROSTER_SERVER"]
ADMIN = "marcus.reyes@hartbell.example"


class Server:
    """A roster-server of its own on a loopback port, with a seeded firm."""

    def __init__(self, root, *extra):
        self.db = os.path.join(root, "firm.db")
        self.spool = os.path.join(root, "mail")
        self.extra = extra
        self.process = None
        subprocess.run([SERVER, "seed", "--db", self.db, "--firm", "small", "--seed", "7"],
                       check=True, capture_output=True)
        self.start("127.0.0.1:0")

    def start(self, listen):
        self.process = subprocess.Popen([SERVER, "serve", "--db", self.db, "--listen", listen,
                                         "--mail-spool", self.spool, "--quiet", *self.extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.url = line[line.index("http://"):].strip().rstrip("/")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None

    def restart(self):
        """On the same port, so the account's address still holds."""
        port = self.url.rsplit(":", 1)[1]
        for _ in range(50):
            try:
                self.start("127.0.0.1:" + port)
                if self.process.poll() is None:
                    return
            except ValueError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not come back")

    def token(self, email=ADMIN):
        out = subprocess.run([SERVER, "support", "issue-token", "--db", self.db, email],
                             check=True, capture_output=True, text=True).stdout
        return out.strip()

    def api(self, method, path, token, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + "/api/v4" + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
            request.add_header("Idempotency-Key", os.urandom(8).hex())
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def all(self, path, token):
        records = []
        url = path
        while url:
            page = self.api("GET", url, token)
            records += page["data"]
            following = page.get("meta", {}).get("paging", {}).get("next")
            url = following[len(self.url) + len("/api/v4"):] if following else None
        return records

    def sql(self, sql):
        import sqlite3
        with sqlite3.connect(self.db) as db:
            db.execute(sql)

    def sql_int(self, sql):
        import sqlite3
        with sqlite3.connect(self.db) as db:
            return db.execute(sql).fetchone()[0]


class Cli:
    """roster-cli with a home of its own: its accounts, cache and secrets."""

    def __init__(self, root, token):
        home = os.path.join(root, "home")
        os.makedirs(home, exist_ok=True)
        self.env = dict(os.environ,
                        HOME=home,
                        XDG_CONFIG_HOME=os.path.join(home, "config"),
                        XDG_CACHE_HOME=os.path.join(home, "cache"),
                        XDG_DATA_HOME=os.path.join(home, "data"),
                        GIO_USE_PROXY_RESOLVER="dummy",
                        ROSTER_TOKEN=token)

    def run(self, *args, stdin=None):
        result = subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True,
                                input=stdin, timeout=120)
        return result.returncode, result.stdout, result.stderr

    def json(self, *args):
        code, out, err = self.run(*args, "--format", "json")
        assert code == 0, f"{args}: exit {code}: {err}"
        return json.loads(out)


tests = []


def test(function):
    tests.append(function)
    return function


@test
def usage_and_help(root):
    server = Server(root)
    try:
        cli = Cli(root, server.token())
        assert cli.run()[0] == 2
        assert cli.run("--help")[0] == 0
        assert cli.run("frobnicate")[0] == 2
        for command in ["accounts", "sign-in", "sign-out", "sync", "status", "users", "user", "reassign",
                        "deactivate", "activate", "queue", "account", "renewal", "audit", "notifications",
                        "close"]:
            code, out, _ = cli.run(command, "--help")
            assert code == 0 and command in out and "--format" in out, command
        assert cli.run("users", "--status", "retired")[0] == 2
        assert cli.run("users", "--format", "xml")[0] == 2
        assert cli.run("reassign", "13")[0] == 2
        assert cli.run("renewal", "--remove-unused-licenses", "maybe")[0] == 2
        assert cli.run("user", "13", "--section", "everything")[0] == 2
        # Nothing signed in yet: a plain failure, not a crash.
        code, _, err = cli.run("users")
        assert code == 1 and "sign in" in err, err
        # Tokens never cross a network in the clear.
        code, _, err = cli.run("sign-in", "--server", "http://firm.example")
        assert code == 1 and "HTTPS" in err, err
    finally:
        server.stop()


@test
def everything_online(root):
    server = Server(root)
    try:
        token = server.token()
        cli = Cli(root, token)

        code, out, err = cli.run("sign-in", "--server", server.url)
        assert code == 0, err
        accounts = cli.json("accounts")
        assert [a["email"] for a in accounts] == [ADMIN]

        code, out, err = cli.run("sync")
        assert code == 0, err
        assert out == "" and err == "", "quiet when piped"

        # Users, as the server has them.
        theirs = server.all("/users.json?fields=id,email,enabled&limit=200", token)
        ours = cli.json("users", "--status", "all")
        assert sorted((u["id"], u["email"], u["status"] == "active") for u in ours) == \
            sorted((u["id"], u["email"], u["enabled"]) for u in theirs)
        deactivated = cli.json("users", "--status", "deactivated")
        assert {u["id"] for u in deactivated} == {u["id"] for u in theirs if not u["enabled"]}
        code, out, _ = cli.run("users", "--search", "whitfield", "--status", "all", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert code == 0 and sorted(int(r["id"]) for r in rows) == [23, 24], rows
        owner = [u for u in ours if u["id"] == 1][0]
        assert "primary_subscriber" in owner["role"]

        # A user and their open work.
        user = cli.json("user", "13")
        open_matters = server.sql_int("SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"
                                      " AND status IN ('Open', 'Pending')")
        assert len([w for w in user["open_work"] if w["kind"] == "matter"]) == open_matters == user["open_matters"]
        code, _, err = cli.run("user", "dana.whitfield@hartbell.example")
        assert code == 1 and "ID" in err, err
        code, _, err = cli.run("user", "nobody@hartbell.example")
        assert code == 1 and "nobody" in err

        # The dry run is the server's, item by item.
        dry = cli.json("reassign", "13", "--matters-to", "4", "--tasks-to", "4", "--dry-run")
        answer = server.api("POST", "/users/13/reassign_work.json", token,
                            {"data": {"matters_to": 4, "tasks_to": 4, "dry_run": True}})["data"]
        expected = set()
        for member, kind in [("matters", "matter"), ("tasks", "task")]:
            expected |= {(kind, int(i["id"]), None) for i in answer[member]["moved"]}
            expected |= {(kind, int(i["id"]), i["reason"]) for i in answer[member]["stayed"]}
        assert dry["dry_run"] and dry["source"] == "server"
        assert {(i["kind"], i["id"], i["reason"]) for i in dry["items"]} == expected
        assert server.sql_int("SELECT count(*) FROM audit_events WHERE action = 'user.reassign_work'") == 0

        # A real one: done, and the receiver notified.
        done = cli.json("reassign", "13", "--matters-to", "4", "--yes")
        assert done["state"] == "done" and not done["dry_run"]
        moved = [i for i in done["items"] if i["outcome"] == "moves"]
        assert len(moved) == len(answer["matters"]["moved"])
        assert server.sql_int("SELECT count(*) FROM notifications WHERE user_id = 4") == 1

        # Five users deactivated at once, each once.
        five = ["5", "6", "7", "8", "10"]
        result = cli.json("deactivate", *five, "--yes")
        assert [r["state"] for r in result] == ["done"] * 5, result
        for user_id in five:
            assert server.sql_int("SELECT count(*) FROM audit_events WHERE action = 'user.deactivate'"
                                  f" AND target_id = {user_id}") == 1
            assert server.sql_int(f"SELECT enabled FROM users WHERE id = {user_id}") == 0

        # Refusals the cache can judge: the server's words and type, on
        # standard error, exit 1, and nothing queued or sent.
        queued_before = len(cli.json("queue"))
        code, out, err = cli.run("deactivate", "1", "--yes")
        assert code == 1 and "primary subscriber" in err.lower() and "primary_subscriber" in err, err
        code, out, err = cli.run("deactivate", "5", "--yes")
        assert code == 1 and "already_deactivated" in err, err
        code, out, err = cli.run("deactivate", "2", "--yes")
        assert code == 1 and "self_deactivation" in err, err
        code, out, err = cli.run("reassign", "23", "--matters-to", "14", "--dry-run")
        assert code == 1 and "Ethan Haddad is deactivated" in err and "invalid_receiver" in err, err
        assert len(cli.json("queue")) == queued_before
        assert server.sql_int("SELECT count(*) FROM audit_events WHERE target_id IN (1, 2)"
                              " AND action = 'user.deactivate'") == 0

        # The account, the renewal option, the audit log.
        account = cli.json("account")
        theirs = server.api("GET", "/account.json", token)["data"]
        assert account["licenses_in_use"] == theirs["licenses"]["in_use"]
        assert account["licenses_unused"] == theirs["licenses"]["unused"]
        assert cli.json("renewal", "--remove-unused-licenses", "on", "--yes")["remove_unused_licenses"] is True
        assert server.api("GET", "/account.json", token)["data"]["renewal"]["remove_unused_licenses"] is True
        audit = cli.json("audit", "--since", "2020-01-01")
        actions = [e["action"] for e in audit]
        assert actions.count("user.deactivate") == 5 and "user.reassign_work" in actions, actions
        assert cli.json("audit", "--since", "2999-01-01") == []
        assert cli.run("audit", "--since", "yesterday")[0] == 2

        status = cli.json("status")
        assert status["offline"] is None and status["queued"] == 0 and status["refused"] == 0
        assert status["api"] == "roster"

        # Reactivation, and signing out.
        assert cli.json("activate", "5", "--yes")[0]["state"] == "done"
        code, _, err = cli.run("sign-out", "--forget-cache")
        assert code == 0, err
        assert cli.json("accounts") == []
    finally:
        server.stop()


@test
def offline_then_back(root):
    server = Server(root)
    try:
        token = server.token()
        cli = Cli(root, token)
        assert cli.run("sign-in", "--server", server.url)[0] == 0
        assert cli.run("sync")[0] == 0
        before = cli.json("users", "--status", "all")

        server.stop()
        # Reads come from the cache.
        assert cli.json("users", "--status", "all") == before
        assert cli.json("user", "13")["id"] == 13
        # A token in a file for a server given by address: its cache too.
        token_file = os.path.join(root, "token")
        with open(token_file, "w") as f:
            f.write(token)
        by_address = ("--server", server.url, "--token-file", token_file)
        assert cli.json("users", "--status", "all", *by_address) == before
        assert cli.json("status", *by_address)["account"] == cli.json("status")["account"]
        assert cli.json("queue", *by_address) == []
        # Rules the cache can judge, offline too: nothing queued.
        code, _, err = cli.run("deactivate", "1", "--yes")
        assert code == 1 and "primary_subscriber" in err, err
        code, _, err = cli.run("reassign", "23", "--matters-to", "14", "--yes")
        assert code == 1 and "invalid_receiver" in err, err
        assert cli.json("queue") == []
        # No token and no keyring is signed out, not offline: nothing queued.
        signed_out = dict(cli.env)
        del signed_out["ROSTER_TOKEN"]
        result = subprocess.run([CLI, "deactivate", "9", "--yes"], env=signed_out, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 1 and "Signed out" in result.stderr, result.stderr
        assert "offline" not in result.stderr.lower(), result.stderr
        assert cli.json("queue") == []
        # A queued write can be taken back before it is sent: undone in the cache.
        taken_back = cli.json("deactivate", "5", "--yes")
        assert taken_back[0]["state"] == "queued", taken_back
        assert [u for u in cli.json("users", "--status", "deactivated") if u["id"] == 5]
        entry = cli.json("queue")[-1]["id"]
        pending = cli.json("user", "5")
        assert pending["pending"] == "deactivate" and pending["pending_id"] == entry, pending
        code, out, _ = cli.run("user", "5", "--section", "profile")
        assert f"queue --cancel {entry}" in out, out
        code, _, err = cli.run("queue", "--cancel", str(entry))
        assert code == 0 and "cancelled" in err, err
        assert cli.json("queue") == [] and cli.json("user", "5")["status"] == "active"
        assert "pending" not in cli.json("user", "5")
        # A write is queued, shown at once, and not lost.
        queued = cli.json("deactivate", "4", "--yes")
        assert queued[0]["state"] == "queued", queued
        assert [u for u in cli.json("users", "--status", "deactivated") if u["id"] == 4]
        code, _, err = cli.run("sync")
        assert code == 1 and "Offline" in err, err
        status = cli.json("status")
        assert status["offline"] is True and status["queued"] == 1

        server.restart()
        code, _, err = cli.run("sync")
        assert code == 0, err
        assert server.sql_int("SELECT count(*) FROM audit_events WHERE action = 'user.deactivate'"
                              " AND target_id = 4") == 1
        assert [q["state"] for q in cli.json("queue")] == ["done"]
        # And sent once only: another sync sends nothing more.
        assert cli.run("sync")[0] == 0
        assert server.sql_int("SELECT count(*) FROM audit_events WHERE action = 'user.deactivate'") == 1
        assert cli.json("status")["offline"] is None
    finally:
        server.stop()


@test
def clio_only_server(root):
    server = Server(root, "--clio-only")
    try:
        token = server.token()
        cli = Cli(root, token)
        assert cli.run("sign-in", "--server", server.url)[0] == 0
        code, _, err = cli.run("sync")
        assert code == 0, err
        assert cli.json("status")["api"] == "clio"
        assert len(cli.json("users", "--status", "all")) == 25

        # What Clio's API cannot do is said plainly.
        code, _, err = cli.run("deactivate", "4", "--yes")
        assert code == 1 and "Clio" in err, err
        code, _, err = cli.run("renewal", "--remove-unused-licenses", "on", "--yes")
        assert code == 1 and "Clio" in err, err
        code, _, err = cli.run("account")
        assert code == 1 and "Clio" in err, err

        # Reassigning works, item by item.
        movable = server.sql_int("SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"
                                 " AND status IN ('Open', 'Pending') AND private_to_user_id IS NULL")
        done = cli.json("reassign", "13", "--matters-to", "4", "--yes")
        assert done["state"] == "done", done
        assert server.sql_int("SELECT count(*) FROM matters WHERE responsible_attorney_id = 13"
                              " AND status IN ('Open', 'Pending') AND private_to_user_id IS NULL") == 0
        assert movable > 0
    finally:
        server.stop()


def with_terminal(cli, args, answer):
    """Runs roster-cli with a terminal for standard input, answering its
    question with @answer; returns (exit status, standard error)."""
    import pty
    leader, follower = pty.openpty()
    try:
        os.write(leader, answer.encode())
        result = subprocess.run([CLI, *args], env=cli.env, stdin=follower, capture_output=True, text=True,
                                timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    return result.returncode, result.stderr


def locale_with_grouping(root, name="en_US"):
    """A locale that groups thousands, made here (LOCPATH), or None."""
    path = os.path.join(root, "locales")
    os.makedirs(path, exist_ok=True)
    made = subprocess.run(["localedef", "-i", name, "-f", "UTF-8", os.path.join(path, name + ".UTF-8")],
                          capture_output=True)
    return path if made.returncode in (0, 1) and os.path.isdir(os.path.join(path, name + ".UTF-8")) else None


@test
def scripts_can_trust_it(root):
    server = Server(root)
    try:
        token = server.token()
        cli = Cli(root, token)
        assert cli.run("sign-in", "--server", server.url)[0] == 0

        # Before any sync, nothing is cached: said, exit 1.
        for args in (["users"], ["user", "13"], ["audit"], ["notifications"]):
            code, _, err = cli.run(*args)
            assert code == 1 and "Nothing is cached yet" in err, (args, err)
        assert cli.run("sync")[0] == 0

        # No terminal and no --yes: exit 2, and nothing done.
        for args in (["deactivate", "5"], ["activate", "13"], ["reassign", "13", "--matters-to", "4"],
                     ["renewal", "--remove-unused-licenses", "on"]):
            result = subprocess.run([CLI, *args], env=cli.env, stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, timeout=120)
            assert result.returncode == 2 and "--yes" in result.stderr, (args, result.stderr)
        assert server.sql_int("SELECT enabled FROM users WHERE id = 5") == 1
        assert server.sql_int("SELECT count(*) FROM audit_events") == 0

        # Asked at a terminal: the reactivation's warning, and "no" changes nothing.
        code, err = with_terminal(cli, ["activate", "13"], "n\n")
        assert code == 1 and "release" in err and "Personal Injury" in err and "yuki.lindqvist" in err, err
        code, err = with_terminal(cli, ["deactivate", "9"], "n\n")
        assert code == 1 and "calendar entries will be hidden" in err, err
        assert server.sql_int("SELECT count(*) FROM audit_events") == 0

        # A deactivation says what followed, from the server's answer.
        code, out, err = cli.run("deactivate", "9", "--yes")
        assert code == 0, err
        assert "license is free for another user" in out and "calendar entr" in out and "activity kept" in out, out
        effects = cli.json("activate", "9", "--yes")[0]["effects"]
        assert effects["billing"] == "license_used", effects

        # A queued action the server refuses: sync prints it and exits 1.
        server.stop()
        queued = cli.json("activate", "23", "--yes")
        assert queued[0]["state"] == "queued", queued
        server.restart()
        code, out, err = cli.run("sync")
        assert code == 1, err
        assert "activate Dana Whitfield" in err and "support must release" in err and "email_unavailable" in err, err
        assert "1 sent, 1 refused, 0 still waiting" in err, err

        # Status: online or not is unknown until the next sync, never a stale "no".
        status = cli.json("status")
        assert status["offline"] is None, status
        code, out, _ = cli.run("status")
        assert "unknown until the next sync" in out, out

        # user --format csv and json: one document each, parsed back.
        code, out, _ = cli.run("user", "13", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert code == 0 and rows[0]["kind"] == "user" and rows[0]["email"] == "yuki.lindqvist@hartbell.example"
        assert {r["kind"] for r in rows[1:]} <= {"matter", "task", "calendar_entry"} and len(rows) > 1, rows
        document = cli.json("user", "13")
        assert len(document["open_work"]) == len(rows) - 1
        code, out, _ = cli.run("user", "13", "--section", "work", "--format", "csv")
        assert len(list(csv.DictReader(io.StringIO(out)))) == len(rows) - 1

        # A description with a line break, a tab and wide characters: one
        # row of the table, padded by what a terminal shows.
        matter = server.sql_int("SELECT id FROM matters WHERE responsible_attorney_id = 4"
                                " AND status IN ('Open', 'Pending') ORDER BY id LIMIT 1")
        server.sql(f"UPDATE matters SET description = 'Line one' || char(10) || 'two' || char(9) || '東京 café',"
                   f" updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), version = version + 1 WHERE id = {matter}")
        assert cli.run("sync")[0] == 0
        code, out, _ = cli.run("user", "4", "--section", "work")
        lines = out.splitlines()
        assert code == 0 and len(lines) == 1 + len(cli.json("user", "4")["open_work"]), out
        row = [line for line in lines if "Line one" in line][0]
        assert "Line one\\ntwo\\t東京 café" in row, row
        import unicodedata

        def width(text):
            return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        header = lines[0]
        status_column = width(header[:header.index("Status")])
        cell = row[:row.index("Line one")] + "Line one\\ntwo\\t東京 café"
        assert width(cell) < status_column and row[len(cell):].startswith(" "), (header, row)
        rest = row[len(cell):]
        assert width(cell) + len(rest) - len(rest.lstrip(" ")) == status_column, (header, row)

        # Money in the account's currency, as the locale writes it.
        account = cli.json("account")
        assert isinstance(account["projected_price"], int) and account["currency"] == "USD"
        assert account["personal_injury_licenses"] >= 0 and "personal_injury_price" in account
        code, out, _ = cli.run("account")
        cents = account["price_without_removal"]
        plain = f"${cents // 100}.{cents % 100:02d}"
        assert plain in out and "Personal Injury Add-On" in out and "a year" in out, out
        # build-aux/dev installs Debian's locales, from which the test makes one.
        locales = locale_with_grouping(root)
        assert locales, "no en_US locale could be made with localedef"
        env = dict(cli.env, LOCPATH=locales, LC_ALL="en_US.UTF-8")
        out = subprocess.run([CLI, "account"], env=env, capture_output=True, text=True).stdout
        assert f"${cents // 100:,}.{cents % 100:02d}" in out, out
        # In Germany: grouped with dots, a decimal comma, the symbol after.
        assert locale_with_grouping(root, "de_DE"), "no de_DE locale could be made with localedef"
        env = dict(cli.env, LOCPATH=locales, LC_ALL="de_DE.UTF-8")
        out = subprocess.run([CLI, "account"], env=env, capture_output=True, text=True).stdout
        german = f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d} $"
        assert german in out, (german, out)

        # The audit log, for someone who may not read it: said, exit 1.
        member = Cli(os.path.join(root, "member"), server.token("daniel.garcia@hartbell.example"))
        assert member.run("sign-in", "--server", server.url)[0] == 0
        assert member.run("sync")[0] == 0
        code, _, err = member.run("audit")
        assert code == 1 and "administrators" in err, err
        assert member.json("status")["not_available"] == "calendar_entries.hidden, audit_events"
    finally:
        server.stop()


@test
def notifications_and_closing(root):
    server = Server(root)
    try:
        token = server.token()
        cli = Cli(root, token)
        assert cli.run("sign-in", "--server", server.url)[0] == 0
        assert cli.run("sync")[0] == 0

        # The receiving side of a reassignment.
        assert cli.json("reassign", "13", "--matters-to", "4", "--yes")["state"] == "done"
        receiver = Cli(os.path.join(root, "receiver"), server.token("daniel.garcia@hartbell.example"))
        assert receiver.run("sign-in", "--server", server.url)[0] == 0
        assert receiver.run("sync")[0] == 0
        notifications = receiver.json("notifications")
        theirs = server.api("GET", "/notifications.json?fields=id,subject",
                           server.token("daniel.garcia@hartbell.example"))["data"]
        assert [n["id"] for n in notifications] == [n["id"] for n in theirs] and len(theirs) == 1
        assert notifications[0]["subject"] == theirs[0]["subject"]

        # Closing: administrators only; the primary subscriber is not one.
        owner = Cli(os.path.join(root, "owner"), server.token("olivia.hart@hartbell.example"))
        assert owner.run("sign-in", "--server", server.url)[0] == 0
        assert owner.run("sync")[0] == 0
        code, _, err = owner.run("close", "--reason", "firm_closing", "--code", "1", "--confirm",
                                 "I Want To Permanently Close My Account")
        assert code == 1 and "administrator permissions" in err, err

        # No terminal and nothing given: exit 2.
        result = subprocess.run([CLI, "close"], env=cli.env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        assert result.returncode == 2 and "--reason" in result.stderr, result.stderr
        # A reason that is not one, the phrase not exact: refused here, nothing sent.
        code, _, err = cli.run("close", "--reason", "bored", "--code", "1", "--confirm",
                               "I Want To Permanently Close My Account")
        assert code == 1 and "bored" in err, err
        code, _, err = cli.run("close", "--reason", "firm_closing", "--code", "1", "--confirm", "yes close it")
        assert code == 1 and "exactly" in err, err
        # A wrong code: the server's refusal.
        code, _, err = cli.run("close", "--reason", "firm_closing", "--code", "000000", "--confirm",
                               "I Want To Permanently Close My Account")
        assert code == 1 and "verification_failed" in err, err
        assert server.api("GET", "/account.json", token)["data"]["closed_at"] is None

        # At a terminal: the renewal date first, the reason by number, the
        # code support reads out, the phrase typed.
        code_read_out = subprocess.run([SERVER, "support", "closure-code", "--db", server.db], check=True,
                                       capture_output=True, text=True).stdout.strip()
        import pty
        leader, follower = pty.openpty()
        os.write(leader, f"4\n{code_read_out}\nI Want To Permanently Close My Account\n".encode())
        result = subprocess.run([CLI, "close"], env=cli.env, stdin=follower, capture_output=True, text=True,
                                timeout=120)
        os.close(follower)
        os.close(leader)
        assert result.returncode == 0, result.stderr
        assert "renews on 2027-" in result.stderr and "before the renewal date" in result.stderr, result.stderr
        assert "The firm is closing" in result.stderr and "support" in result.stderr, result.stderr
        assert "users --status all --format csv" in result.stdout and "sign-out --forget-cache" in result.stdout

        # Closed: the server says so to every later request; the cache stays.
        assert server.sql_int("SELECT closed_at IS NOT NULL FROM account") == 1
        assert cli.json("status")["closed_at"]
        code, _, err = cli.run("sync")
        assert code == 1, err
        assert len(cli.json("users", "--status", "all")) == 25
        import urllib.error
        try:
            server.api("GET", "/users.json", token)
            raise AssertionError("the closed account still answered")
        except urllib.error.HTTPError as refused:
            assert refused.code in (401, 403)
    finally:
        server.stop()


@test
def readme_examples(root):
    """The README's examples run as written, against the demo firm."""
    readme = os.environ["ROSTER_README"]
    with open(readme) as f:
        text = f.read()
    block = text.split("<!-- cli-examples -->")[1].split("<!-- /cli-examples -->")[0]
    lines = [line for line in block.splitlines() if line.startswith("roster-cli ")]
    assert len(lines) >= 10, lines
    cli = Cli(root, "")
    del cli.env["ROSTER_TOKEN"]
    for line in lines:
        args = line.split()[1:]
        code, out, err = cli.run(*args)
        assert code == 0, f"{line}: exit {code}: {err}"
        assert out or args[0] in ("sync",), f"{line} printed nothing"


def main():
    print(f"1..{len(tests)}")
    failed = 0
    for number, function in enumerate(tests, 1):
        root = tempfile.mkdtemp(prefix="roster-cli-")
        try:
            function(root)
            print(f"ok {number} /cli/{function.__name__.replace('_', '-')}")
        except Exception:
            failed += 1
            print(f"not ok {number} /cli/{function.__name__.replace('_', '-')}")
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
