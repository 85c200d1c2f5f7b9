#!/usr/bin/env python3
"""Writes Steam Desktop Authenticator (SDA) maFiles folders, with an
implementation independent of Sparekey's Go code (Python's json and
"cryptography" package), following SDA's sources (Jessecar96/
SteamDesktopAuthenticator): Manifest.cs (manifest.json and its entries) and
FileEncryptor.cs (PBKDF2-HMAC-SHA1 of the passkey, an 8-byte salt, 50,000
rounds, 32 bytes; AES-256-CBC with PKCS#7 padding and a 16-byte IV; the
.maFile holds base64 of the ciphertext, the manifest the salt and IV). The
accounts are SteamAuth's SteamGuardAccount as Newtonsoft.Json writes it.

  sda_plain/       one account, no passkey
  sda_encrypted/   two accounts, passkey "sparekey-test"

Run from this folder: python3 make_sda.py
"""
import base64, json, os
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def account(steamid, name, secret_b32, revocation):
    raw = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return {
        "shared_secret": base64.b64encode(raw).decode(),
        "serial_number": "4471592390117381920",
        "revocation_code": revocation,
        "uri": "otpauth://totp/Steam:%s?secret=%s&issuer=Steam" % (name, secret_b32),
        "server_time": 1700000000,
        "account_name": name,
        "token_gid": "2b1c5e6f7a8d9e0f",
        "identity_secret": base64.b64encode(b"identity secret of " + name.encode()).decode(),
        "secret_1": base64.b64encode(b"secret one of " + name.encode()).decode(),
        "status": 1,
        "device_id": "android:8c2e4f0a-3b1d-4e5f-9a7b-6c8d0e2f4a6b",
        "fully_enrolled": True,
        "Session": {"SessionID": "0123456789abcdef01234567", "SteamLogin": None,
                    "SteamLoginSecure": None, "WebCookie": None, "OAuthToken": None,
                    "SteamID": steamid},
    }


def manifest(encrypted, entries):
    return {"encrypted": encrypted, "first_run": False, "entries": entries,
            "periodic_checking": False, "periodic_checking_interval": 5,
            "periodic_checking_checkall": False, "auto_confirm_market_transactions": False,
            "auto_confirm_trades": False}


def encrypt(passkey, plaintext):
    salt, iv = os.urandom(8), os.urandom(16)
    key = PBKDF2HMAC(hashes.SHA1(), 32, salt, 50000).derive(passkey.encode())
    p = padding.PKCS7(128).padder()
    padded = p.update(plaintext.encode()) + p.finalize()
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = e.update(padded) + e.finalize()
    return base64.b64encode(salt).decode(), base64.b64encode(iv).decode(), base64.b64encode(ct).decode()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


gamer = account(76561198000000001, "gamer_one", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", "R12345")
write("sda_plain/76561198000000001.maFile", json.dumps(gamer, separators=(",", ":")))
write("sda_plain/manifest.json", json.dumps(manifest(False, [
    {"encryption_iv": None, "encryption_salt": None, "filename": "76561198000000001.maFile", "steamid": 76561198000000001}]),
    separators=(",", ":")))

entries = []
for sid, acc in [(76561198000000002, account(76561198000000002, "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", "R23456")),
                 (76561198000000003, account(76561198000000003, "zoë_ünïcode", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "R34567"))]:
    salt, iv, ct = encrypt("sparekey-test", json.dumps(acc, separators=(",", ":"), ensure_ascii=False))
    name = "%d.maFile" % sid
    write("sda_encrypted/" + name, ct)
    entries.append({"encryption_iv": iv, "encryption_salt": salt, "filename": name, "steamid": sid})
write("sda_encrypted/manifest.json", json.dumps(manifest(True, entries), separators=(",", ":")))
