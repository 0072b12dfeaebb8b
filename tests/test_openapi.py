#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""roster-server answers as Clio's published description says.

Starts real roster-servers: on a seeded small firm, on the odd firm (data
that is unusual but valid by the description), and on the odd firm with
--clio-only. On each:

* reads users, matters, tasks and calendar entries (lists and single
  records, with every field the description and the server share) and
  validates each answer against the response schema of that path in
  clio-api-v4-subset.openapi.json;
* tries EVERY query parameter the description defines for the four lists:
  each is either honoured (the answer is exactly the unfiltered records the
  filter keeps, in the order asked for, and validates against the schema)
  or refused with 400 invalid_parameter naming it. None is ignored: a
  parameter this test does not know fails it, and each honoured parameter
  must change the answer in some case.

Clio's description marks no property nullable, while its API answers null
for an empty value; so null is accepted for a property, and any other value
must have the described type, format and enumeration.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

SERVER = os.environ["ROSTER_SERVER"]
REFERENCE = os.environ["ROSTER_OPENAPI"]

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LISTS = ("users", "matters", "tasks", "calendar_entries")

# The fields Roster asks for, per resource, with one level of nesting.
FIELDS = {
    "users": "id,etag,name,first_name,last_name,initials,email,enabled,account_owner,roles,"
             "subscription_type,time_zone,default_calendar_id,created_at,updated_at",
    "matters": "id,etag,display_number,description,status,open_date,pending_date,close_date,created_at,"
               "updated_at,responsible_attorney{id,etag,name,email,enabled},"
               "originating_attorney{id,name},group{id,etag,name,type}",
    "tasks": "id,etag,name,status,priority,due_at,permission,completed_at,created_at,updated_at,"
             "assignee{id,etag,type,identifier,enabled,name,initials,created_at,updated_at},"
             "matter{id,etag,display_number,status}",
    "calendar_entries": "id,etag,summary,description,location,start_at,end_at,all_day,recurrence_rule,"
                        "calendar_owner_id,created_at,updated_at,calendar_owner{id,etag,name,type,visible,updated_at},"
                        "attendees{id,etag,type,name,enabled,email,updated_at},matter{id,etag,display_number,status}",
}

# What the server refuses, per list: what Roster's firms do not keep (see
# docs/api.md). Every other parameter of the description is honoured.
REFUSED = {
    "users": {"include_co_counsel"},
    "matters": {"billable", "client_id", "custom_field_ids[]", "custom_field_values", "grant_id",
                "notification_event_subscriber_user_id", "practice_area_id", "responsible_staff_id",
                "subscriber_user_id"},
    "tasks": {"assigner_id", "cascading_source_id", "client_id", "statute_of_limitations", "task_type_id",
              "time_entries_present"},
    "calendar_entries": {"expanded", "external_property_name", "external_property_value", "has_court_rule",
                         "owner_entries_across_all_users", "source"},
}
REFUSED_ORDERS = {
    "users": set(),
    "matters": {"custom_number", "client.name", "practice_area.name", "matter_stage.name",
                "statute_of_limitations.due_at", "grants", "matter_stage_updated_at"},
    "tasks": {"task_type.name", "due_at_strict"},
    "calendar_entries": set(),
}


class Invalid(Exception):
    pass


class Validator:
    def __init__(self, document):
        self.document = document

    def resolve(self, schema):
        while "$ref" in schema:
            node = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def validate(self, value, schema, where):
        schema = self.resolve(schema)
        for part in schema.get("allOf", []):
            self.validate(value, part, where)
        if value is None:
            return
        kind = schema.get("type")
        if kind is None and "properties" in schema:
            kind = "object"
        if kind == "object":
            if not isinstance(value, dict):
                raise Invalid(f"{where}: expected an object, got {value!r}")
            for name in schema.get("required", []):
                if name not in value:
                    raise Invalid(f"{where}: the required {name} is missing")
            for name, item in value.items():
                if name in schema.get("properties", {}):
                    self.validate(item, schema["properties"][name], f"{where}.{name}")
        elif kind == "array":
            if not isinstance(value, list):
                raise Invalid(f"{where}: expected an array, got {value!r}")
            for i, item in enumerate(value):
                self.validate(item, schema.get("items", {}), f"{where}[{i}]")
        elif kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                raise Invalid(f"{where}: expected an integer, got {value!r}")
        elif kind == "number":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise Invalid(f"{where}: expected a number, got {value!r}")
        elif kind == "boolean":
            if not isinstance(value, bool):
                raise Invalid(f"{where}: expected a boolean, got {value!r}")
        elif kind == "string":
            if not isinstance(value, str):
                raise Invalid(f"{where}: expected a string, got {value!r}")
            fmt = schema.get("format")
            if fmt == "date" and not DATE.match(value):
                raise Invalid(f"{where}: expected a date, got {value!r}")
            if fmt == "date-time" and not DATE_TIME.match(value):
                raise Invalid(f"{where}: expected a date-time, got {value!r}")
        if "enum" in schema and value not in schema["enum"]:
            raise Invalid(f"{where}: {value!r} is not one of {schema['enum']}")


def response_schema(document, path):
    answer = document["paths"][path]["get"]["responses"]["200"]["content"]
    return next(iter(answer.values()))["schema"]


class Server:
    """A roster-server on a freshly seeded firm, and its administrator's token."""

    def __init__(self, scratch, firm, email, *flags):
        self.db = os.path.join(scratch, f"{firm}{''.join(flags)}.db")
        self.flags = flags
        self.name = f"{firm} {' '.join(flags)}".strip()
        subprocess.run([SERVER, "seed", "--db", self.db, "--firm", firm], check=True, capture_output=True)
        self.token = subprocess.run([SERVER, "support", "--db", self.db, "issue-token", email],
                                    check=True, capture_output=True, text=True).stdout.strip()
        self.process = subprocess.Popen([SERVER, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--quiet",
                                         *flags], stdout=subprocess.PIPE, text=True)
        self.base = self.process.stdout.readline().split()[-1].rstrip("/")
        self.requests = 0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def request(self, path):
        """(status, JSON) of a GET under /api/v4 or of a full URL."""
        url = path if path.startswith("http") else self.base + "/api/v4" + path
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + self.token})
        self.requests += 1
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def get(self, path):
        status, body = self.request(path)
        if status != 200:
            raise Invalid(f"{self.name}: {path} answered {status}: {body}")
        return body

    def pages(self, path):
        """Every page of a list, following next."""
        pages = []
        url = path
        while url:
            page = self.get(url)
            pages.append(page)
            url = page["meta"]["paging"].get("next")
        return pages

    def sql(self, query):
        with sqlite3.connect(self.db) as db:
            return [row[0] for row in db.execute(query)]


def validate_reads(server, document, validator):
    """Every list and record, with every field, validates."""
    checked = 0
    for resource, fields in FIELDS.items():
        for page in server.pages(f"/{resource}.json?fields={fields}&limit=200"):
            validator.validate(page, response_schema(document, f"/{resource}.json"), f"{server.name} {resource}")
            if not page["data"]:
                raise Invalid(f"{server.name} {resource}: the firm has none")
            checked += len(page["data"])
            for record in page["data"][:20]:
                one = server.get(f"/{resource}/{urllib.parse.quote(str(record['id']), safe='')}.json?fields={fields}")
                validator.validate(one, response_schema(document, f"/{resource}/{{id}}.json"),
                                   f"{server.name} {resource}/{record['id']}")
                if one["data"] != record:
                    raise Invalid(f"{server.name} {resource}/{record['id']}: not the record the list has")
                checked += 1
    me = server.get(f"/users/who_am_i.json?fields={FIELDS['users']}")
    validator.validate(me, response_schema(document, "/users/who_am_i.json"), f"{server.name} who_am_i")
    return checked + 1


# The parameters' cases ----------------------------------------------------------

def ascii_lower(text):
    return "".join(c.lower() if c.isascii() else c for c in text)


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def nested_id(record, member):
    value = record.get(member)
    return value["id"] if value else None


def search_word(texts):
    """A few ASCII letters that occur in one of the texts."""
    for text in texts:
        for word in re.findall(r"[A-Za-z]{4,}", text or ""):
            return word[1:4].upper()
    return "zzzz"


class Context:
    """What the cases need to know of the firm beyond a list's records."""

    def __init__(self, server, everything):
        self.server = server
        self.all = everything
        matters = {m["id"]: m for m in everything["matters"]}
        self.responsible_of_matter = {i: nested_id(m, "responsible_attorney") for i, m in matters.items()}
        self.pending_setup = set(server.sql("SELECT id FROM users WHERE password_hash IS NULL"))


def filter_cases(resource, records, ctx):
    """For each parameter, (value, predicate) pairs: the filtered list must be
    the records the predicate keeps, in the same order."""
    first = records[0] if records else {}
    cases = {}
    created = median(r["created_at"] for r in records)
    updated = median(r["updated_at"] for r in records)
    cases["created_since"] = [(created, lambda r, v: instant(r["created_at"]) >= instant(v)),
                              ("2099-01-01T00:00:00Z", lambda r, v: False)]
    cases["updated_since"] = [(updated, lambda r, v: instant(r["updated_at"]) >= instant(v)),
                              ("2099-01-01T00:00:00Z", lambda r, v: False)]
    ids = [str(r["id"]) for r in records[:3:2]]
    cases["ids[]"] = [(ids, lambda r, v: str(r["id"]) in v)]

    if resource == "users":
        cases["enabled"] = [(b, lambda r, v: r["enabled"] == (v == "true")) for b in ("true", "false")]
        cases["name"] = [(first["name"].swapcase() if first["name"].isascii() else first["name"],
                          lambda r, v: ascii_lower(r["name"]) == ascii_lower(v))]
        cases["pending_setup"] = [(b, lambda r, v: (r["id"] in ctx.pending_setup) == (v == "true"))
                                  for b in ("true", "false")]
        cases["role"] = [(role, lambda r, v: v in r["roles"]) for role in ("admin", "accounts", "billing", "reports")]
        cases["subscription_type"] = [(kind, lambda r, v: r["subscription_type"].lower() == v)
                                      for kind in ("attorney", "nonattorney")]
    elif resource == "matters":
        opened = median(r["open_date"] for r in records)
        for name in ("open_date[]", "pending_date[]", "close_date[]"):
            column = name[:-2]
            pivot = median(r[column] for r in records) or "2026-01-01"
            cases[name] = [
                ([f">={pivot}"], lambda r, v, c=column: r[c] is not None and r[c] >= v[0][2:]),
                ([f"<{pivot}"], lambda r, v, c=column: r[c] is not None and r[c] < v[0][1:]),
                ([f"={pivot}"], lambda r, v, c=column: r[c] == v[0][1:]),
                ([">2000-01-01", f"<={pivot}"],
                 lambda r, v, c=column: r[c] is not None and r[c] > "2000-01-01" and r[c] <= v[1][2:]),
            ]
        cases["open_date[]"].append(([f">{opened}"], lambda r, v: r["open_date"] is not None and r["open_date"] > v[0][1:]))
        cases["group_id"] = [(str(g), lambda r, v: r["group"]["id"] == int(v))
                             for g in sorted({r["group"]["id"] for r in records})[:2]]
        for member in ("responsible_attorney", "originating_attorney"):
            some = next((nested_id(r, member) for r in records if nested_id(r, member)), 1)
            cases[f"{member}_id"] = [
                (str(some), lambda r, v, m=member: nested_id(r, m) == int(v)),
                ("null", lambda r, v, m=member: nested_id(r, m) is None),
            ]
        word = search_word(r["description"] for r in records)
        cases["query"] = [(word, lambda r, v: ascii_lower(v) in ascii_lower(r["display_number"])
                           or ascii_lower(v) in ascii_lower(r["description"]))]
        cases["status"] = [("open", lambda r, v: r["status"] == "Open"),
                           ("Closed", lambda r, v: r["status"] == "Closed"),
                           ("open,pending", lambda r, v: r["status"] in ("Open", "Pending"))]
    elif resource == "tasks":
        user_assignee = next((r["assignee"]["id"] for r in records
                              if r["assignee"] and r["assignee"]["type"] == "User"), 1)
        contact_assignee = next((r["assignee"]["id"] for r in records
                                 if r["assignee"] and r["assignee"]["type"] != "User"), 1)
        due = median(r["due_at"] for r in records) or "2026-12-01"
        matter = next((nested_id(r, "matter") for r in records if nested_id(r, "matter")), 1)
        attorney = next((a for a in ctx.responsible_of_matter.values() if a), 1)
        cases["assignee_type"] = [
            ("user", lambda r, v: r["assignee"] is not None and r["assignee"]["type"] == "User"),
            ("contact", lambda r, v: r["assignee"] is not None and r["assignee"]["type"] != "User"),
        ]
        # assignee_id goes with assignee_type, as the description requires.
        cases["assignee_id"] = [
            ({"assignee_id": str(user_assignee), "assignee_type": "user"},
             lambda r, v: r["assignee"] is not None and r["assignee"]["type"] == "User"
             and r["assignee"]["id"] == int(v["assignee_id"])),
            ({"assignee_id": str(contact_assignee), "assignee_type": "contact"},
             lambda r, v: r["assignee"] is not None and r["assignee"]["type"] != "User"
             and r["assignee"]["id"] == int(v["assignee_id"])),
            ("null", lambda r, v: r["assignee"] is None),
        ]
        cases["complete"] = [(b, lambda r, v: (r["status"] == "complete") == (v == "true")) for b in ("true", "false")]
        cases["due_at_from"] = [(due, lambda r, v: r["due_at"] is not None and r["due_at"] >= v)]
        cases["due_at_to"] = [(due, lambda r, v: r["due_at"] is not None and r["due_at"] <= v)]
        cases["due_at_present"] = [(b, lambda r, v: (r["due_at"] is not None) == (v == "true"))
                                   for b in ("true", "false")]
        cases["matter_id"] = [(str(matter), lambda r, v: nested_id(r, "matter") == int(v)),
                              ("null", lambda r, v: nested_id(r, "matter") is None)]
        cases["permission"] = [(p, lambda r, v: r["permission"] == v) for p in ("private", "public")]
        cases["priority"] = [(p, lambda r, v: r["priority"].lower() == v) for p in ("high", "normal", "low")]
        word = search_word(r["name"] for r in records)
        cases["query"] = [(word, lambda r, v: ascii_lower(v) in ascii_lower(r["name"]))]
        cases["responsible_attorney_id"] = [
            (str(attorney), lambda r, v: nested_id(r, "matter") is not None
             and ctx.responsible_of_matter.get(nested_id(r, "matter")) == int(v))]
        cases["status"] = [(s, lambda r, v: r["status"] == v) for s in ("pending", "in_progress", "in_review", "complete")]
        cases["statuses[]"] = [(["pending", "complete"], lambda r, v: r["status"] in v),
                               (["in_review"], lambda r, v: r["status"] in v)]
    elif resource == "calendar_entries":
        ends = median(instant(r["end_at"]) for r in records)
        starts = median(instant(r["start_at"]) for r in records)
        matter = next((nested_id(r, "matter") for r in records if nested_id(r, "matter")), 1)
        cases["calendar_id"] = [(str(first["calendar_owner_id"]), lambda r, v: r["calendar_owner_id"] == int(v))]
        cases["from"] = [(ends.isoformat(), lambda r, v: instant(r["end_at"]) >= instant(v))]
        cases["to"] = [(starts.isoformat(), lambda r, v: instant(r["start_at"]) <= instant(v))]
        cases["is_all_day"] = [(b, lambda r, v: r["all_day"] == (v == "true")) for b in ("true", "false")]
        cases["matter_id"] = [(str(matter), lambda r, v: nested_id(r, "matter") == int(v)),
                              ("null", lambda r, v: nested_id(r, "matter") is None)]
        word = search_word(r["summary"] for r in records)
        cases["query"] = [(word, lambda r, v: any(ascii_lower(v) in ascii_lower(r[m] or "")
                                                  for m in ("summary", "description", "location")))]
        cases["visible"] = [(b, lambda r, v: r["calendar_owner"]["visible"] == (v == "true"))
                            for b in ("true", "false")]
    return cases


def order_key(resource, key, record):
    """The value a record is ordered by, as the server compares it."""
    if key == "id":
        return record["id"]
    if key == "email":
        return record["email"].lower()
    if key == "enabled":
        return int(record["enabled"])
    if key == "priority":
        return ("Low", "Normal", "High").index(record["priority"])
    if "." in key:
        member, field = key.split(".")
        value = record.get(member)
        return value[field] if value else None
    return record[key]


def sorted_as(resource, key, descending, records):
    def rank(record):
        value = order_key(resource, key, record)
        # A key without a value comes first ascending, last descending.
        return (value is not None, value if value is not None else 0, record["id"])
    return sorted(records, key=rank, reverse=descending)


def sample_value(parameter):
    schema = parameter["schema"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "boolean":
        return "true"
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00Z"
    if schema.get("format") == "date":
        return "2026-01-01"
    return "x"


def encode(params):
    pairs = []
    for name, value in params.items():
        for item in (value if isinstance(value, list) else [value]):
            pairs.append((name, item))
    return urllib.parse.urlencode(pairs)


def check_parameters(server, document, validator):
    """Every query parameter of the four lists: honoured or refused by name."""
    everything = {r: [rec for page in server.pages(f"/{r}.json?fields={FIELDS[r]}&limit=200") for rec in page["data"]]
                  for r in LISTS}
    ctx = Context(server, everything)
    differed = set()
    checked = 0

    def ask(resource, params, schema=None, where=None):
        query = encode(params)
        records = []
        for page in server.pages(f"/{resource}.json?{query}"):
            if schema is not None:
                validator.validate(page, schema, f"{where} ?{query}")
            records.extend(page["data"])
        return records, query

    for resource in LISTS:
        path = f"/{resource}.json"
        schema = response_schema(document, path)
        records = everything[resource]
        cases = filter_cases(resource, records, ctx)
        parameters = [p for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"]
        base = {"fields": FIELDS[resource], "limit": "200"}

        for parameter in parameters:
            name = parameter["name"]
            where = f"{server.name} {resource} {name}"

            if name in REFUSED[resource]:
                status, body = server.request(f"{path}?{encode({name: sample_value(parameter)})}")
                if status != 400 or body["error"]["type"] != "invalid_parameter" or name not in body["error"]["message"]:
                    raise Invalid(f"{where}: not refused by name: {status} {body}")
                checked += 1
                continue

            if name == "fields":
                narrow = server.get(f"{path}?fields=id&limit=200")
                validator.validate(narrow, schema, where)
                if any(set(r) != {"id"} for r in narrow["data"]) or [r["id"] for r in narrow["data"]] != \
                        [r["id"] for r in records[:200]]:
                    raise Invalid(f"{where}: fields=id is not the records' ids alone")
                differed.add((resource, name))
            elif name == "limit":
                page = server.get(f"{path}?fields=id&limit=2")
                validator.validate(page, schema, where)
                if [r["id"] for r in page["data"]] != [r["id"] for r in records[:2]] or \
                        (len(records) > 2) != ("next" in page["meta"]["paging"]):
                    raise Invalid(f"{where}: limit=2 is not the first two records")
                differed.add((resource, name))
            elif name == "page_token":
                walked, _ = ask(resource, {"fields": "id", "limit": str(max(2, len(records) // 5 + 1))})
                if [r["id"] for r in walked] != [r["id"] for r in records]:
                    raise Invalid(f"{where}: the pages' tokens do not walk the list")
                if len(records) > 2:
                    differed.add((resource, name))
                status, body = server.request(f"{path}?page_token=bm90LWEtdG9rZW4")
                if status != 400 or name not in body["error"]["message"]:
                    raise Invalid(f"{where}: a bad token is not refused by name")
            elif name == "order":
                for value in parameter["schema"]["enum"]:
                    key, direction = value[:-1].split("(")
                    if key in REFUSED_ORDERS[resource]:
                        status, body = server.request(f"{path}?{encode({'order': value})}")
                        if status != 400 or body["error"]["type"] != "invalid_parameter" or \
                                "order" not in body["error"]["message"]:
                            raise Invalid(f"{where}={value}: not refused by name: {status} {body}")
                        continue
                    ordered, query = ask(resource, {**base, "order": value, "limit": "97"}, schema, where)
                    expected = sorted_as(resource, key, direction == "desc", records)
                    if [r["id"] for r in ordered] != [r["id"] for r in expected]:
                        raise Invalid(f"{where}: ?{query} is not in that order")
                    if [r["id"] for r in ordered] != [r["id"] for r in records]:
                        differed.add((resource, name))
                    checked += 1
                if resource == "calendar_entries":
                    raise Invalid(f"{where}: the description now defines order here")
            elif name in cases:
                for value, keeps in cases[name]:
                    params = dict(base)
                    params.update(value if isinstance(value, dict) else {name: value})
                    filtered, query = ask(resource, params, schema, where)
                    expected = [r for r in records if keeps(r, value)]
                    if [r["id"] for r in filtered] != [r["id"] for r in expected]:
                        raise Invalid(f"{where}: ?{query} kept {[r['id'] for r in filtered]},"
                                      f" not {[r['id'] for r in expected]}")
                    if len(expected) != len(records):
                        differed.add((resource, name))
                    checked += 1
            else:
                raise Invalid(f"{where}: a parameter of the description this test does not cover")
            checked += 1

    return checked, differed


def main():
    if not os.path.exists(REFERENCE):
        print(f"SKIP: the reference description is not at {REFERENCE}")
        return 77
    with open(REFERENCE, encoding="utf-8") as f:
        document = json.load(f)
    validator = Validator(document)

    honoured = {(r, p["name"]) for r in LISTS for p in document["paths"][f"/{r}.json"]["get"]["parameters"]
                if p["in"] == "query" and p["name"] not in REFUSED[r]}
    differed = set()
    servers = []
    with tempfile.TemporaryDirectory() as scratch:
        try:
            servers = [Server(scratch, "small", "marcus.reyes@hartbell.example"),
                       Server(scratch, "odd", "ada@odd.example"),
                       Server(scratch, "odd", "ada@odd.example", "--clio-only")]
            for server in servers:
                records = validate_reads(server, document, validator)
                checked, changed = check_parameters(server, document, validator)
                differed |= changed
                print(f"{server.name}: {records} records validate; {checked} parameter cases hold"
                      f" ({server.requests} requests)")
            never = sorted(honoured - differed)
            if never:
                raise Invalid(f"honoured parameters that never changed an answer: {never}")
            print(f"{len(honoured)} parameters honoured, "
                  f"{sum(len(v) for v in REFUSED.values())} refused by name, none ignored")
        except Invalid as error:
            print(f"FAIL: {error}", file=sys.stderr)
            return 1
        finally:
            for server in servers:
                server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
