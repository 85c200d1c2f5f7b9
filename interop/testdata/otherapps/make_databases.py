#!/usr/bin/env python3
"""Writes the two SQLite databases of this folder with SQLite itself
(Python's sqlite3), an implementation independent of Sparekey's Go code.
They are stand-ins, not files copied off a phone: each has the table and the
columns that Aegis's importers (GoogleAuthImporter, MicrosoftAuthImporter)
read from the real app's database, and the Aegis test vectors as keys.

  google_authenticator.sqlite     Google Authenticator's databases/databases
  microsoft_authenticator.sqlite  Microsoft Authenticator's databases/PhoneFactor

Run from this folder: python3 make_databases.py
"""
import os, sqlite3

def make(name, schema, rows, insert):
    if os.path.exists(name):
        os.remove(name)
    db = sqlite3.connect(name)
    db.execute(schema)
    db.executemany(insert, rows)
    db.commit()
    db.close()

make("google_authenticator.sqlite",
     "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
     "counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, "
     "original_name TEXT DEFAULT NULL)",
     [("Deno:Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", 0, 0, "Deno"),
      ("Issuu:James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", 1, 1, "Issuu")],
     "INSERT INTO accounts (email, secret, counter, type, issuer) VALUES (?, ?, ?, ?, ?)")

make("microsoft_authenticator.sqlite",
     "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, username TEXT, "
     "oath_secret_key TEXT, account_type INTEGER)",
     [("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", 0)],
     "INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES (?, ?, ?, ?)")
