#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""roster-server's GET answers validate against Clio's published description.

Starts a real roster-server on a seeded small firm, reads users, matters,
tasks and calendar entries (lists and single records, with every field the
description and the server share), and validates each answer against the
response schema of that path in clio-api-v4-subset.openapi.json.

Clio's description marks no property nullable, while its API answers null
for an empty value; so null is accepted for a property, and any other value
must have the described type, format and enumeration.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

SERVER = os.environ["ROSTER_SERVER"]
REFERENCE = os.environ["ROSTER_OPENAPI"]

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

# The fields Roster asks for, per resource, with one level of nesting.
FIELDS = {
    "users": "id,etag,name,first_name,last_name,initials,email,enabled,account_owner,roles,"
             "subscription_type,time_zone,default_calendar_id,created_at,updated_at",
    "matters": "id,etag,display_number,description,status,open_date,pending_date,close_date,created_at,"
               "updated_at,responsible_attorney{id,etag,name,email,enabled},"
               "originating_attorney{id,name},group{id,etag,name,type}",
    "tasks": "id,etag,name,status,priority,due_at,permission,completed_at,created_at,updated_at,"
             "assignee{id,etag,type,identifier,enabled,name,initials},matter{id,etag,display_number,status}",
    "calendar_entries": "id,etag,summary,description,location,start_at,end_at,all_day,recurrence_rule,"
                        "calendar_owner_id,created_at,updated_at,calendar_owner{id,etag,name,type,visible},"
                        "attendees{id,etag,type,name,enabled,email},matter{id,etag,display_number,status}",
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


def main():
    if not os.path.exists(REFERENCE):
        print(f"SKIP: the reference description is not at {REFERENCE}")
        return 77
    with open(REFERENCE, encoding="utf-8") as f:
        document = json.load(f)
    validator = Validator(document)

    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "firm.db")
        subprocess.run([SERVER, "seed", "--db", db, "--firm", "small"], check=True, capture_output=True)
        token = subprocess.run([SERVER, "support", "--db", db, "issue-token", "marcus.reyes@hartbell.example"],
                               check=True, capture_output=True, text=True).stdout.strip()
        server = subprocess.Popen([SERVER, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            base = server.stdout.readline().split()[-1].rstrip("/")

            def get(path):
                request = urllib.request.Request(base + "/api/v4" + path,
                                                 headers={"Authorization": "Bearer " + token})
                with urllib.request.urlopen(request) as answer:
                    return json.load(answer)

            checked = 0
            for resource, fields in FIELDS.items():
                listing = get(f"/{resource}.json?fields={fields}&limit=200")
                validator.validate(listing, response_schema(document, f"/{resource}.json"), resource)
                if not listing["data"]:
                    raise Invalid(f"{resource}: the seeded firm has none")
                checked += len(listing["data"])
                for record in listing["data"][:20]:
                    one = get(f"/{resource}/{record['id']}.json?fields={fields}")
                    validator.validate(one, response_schema(document, f"/{resource}/{{id}}.json"),
                                       f"{resource}/{record['id']}")
                    checked += 1
            me = get(f"/users/who_am_i.json?fields={FIELDS['users']}")
            validator.validate(me, response_schema(document, "/users/who_am_i.json"), "who_am_i")
            print(f"{checked + 1} records validate against the reference description")
        except Invalid as error:
            print(f"FAIL: {error}", file=sys.stderr)
            return 1
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
