#!/usr/bin/env python3
"""Writes sparekey_encrypted_current_pw_sparekey-test.json.aes: aegis_plain.json
encrypted as andOTP's current versions write a backup (BackupHelper and
EncryptionHelper, with Constants.PBKDF2_MIN/MAX_BACKUP_ITERATIONS): a round
count picked between 140,000 and 160,000 as a 4-byte big-endian integer, a
12-byte salt, a 12-byte nonce, then AES-256-GCM of the JSON with its tag; the
key is the first 32 bytes of PBKDF2-HMAC-SHA1 of the password.

An implementation independent of Sparekey's Go code (Python's "cryptography"
package). Run from this folder: python3 make_encrypted_current.py
"""
import os, secrets, struct
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

rounds = 140000 + secrets.randbelow(20001)
salt, nonce = os.urandom(12), os.urandom(12)
key = PBKDF2HMAC(hashes.SHA1(), 64, salt, rounds).derive(b"sparekey-test")[:32]
plain = open("aegis_plain.json", "rb").read()
out = struct.pack(">I", rounds) + salt + nonce + AESGCM(key).encrypt(nonce, plain, None)
open("sparekey_encrypted_current_pw_sparekey-test.json.aes", "wb").write(out)
print("rounds", rounds)
