#!/usr/bin/env python3
"""Writes the test exports that are not written by hand, with an implementation
independent of Sparekey's Go code:

  google/batches.txt   Google Authenticator otpauth-migration:// links, the
                       protobuf written byte by byte from the MigrationPayload
                       .proto (two QR codes of one transfer, negative batch id,
                       unknown fields; an MD5 key that cannot be imported).
  google/missing.txt   the first of three QR codes of a transfer only.
  aegis/encrypted.json the entries of aegis/plain.json, encrypted as Aegis's
                       docs/vault.md describes (scrypt N=2^15 r=8 p=1, AES-256-GCM),
                       password "correct horse battery staple".

Run from this folder: python3 aegis_google_make.py  (needs the "cryptography" package)
"""
import base64, json, os, urllib.parse, uuid, hashlib
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def varint(n):
    if n < 0:
        n += 1 << 64  # int32/int64 negatives: 10-byte two's complement varint
    out = b""
    while n >= 0x80:
        out += bytes([n & 0x7F | 0x80])
        n >>= 7
    return out + bytes([n])


def key(num, wire):
    return varint(num << 3 | wire)


def ld(num, b):
    return key(num, 2) + varint(len(b)) + b


def vi(num, n):
    return key(num, 0) + varint(n)


def otp(secret_b32, name, issuer, algo, digits, typ, counter=None, extra=b""):
    raw = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    m = ld(1, raw) + ld(2, name.encode()) + ld(3, issuer.encode())
    m += vi(4, algo) + vi(5, digits) + vi(6, typ)
    if counter is not None:
        m += vi(7, counter)
    return m + extra


def link(params, size, index, batch_id, extra=b""):
    p = b"".join(ld(1, x) for x in params)
    p += vi(2, 1) + vi(3, size) + vi(4, index) + vi(5, batch_id) + extra
    return "otpauth-migration://offline?data=" + urllib.parse.quote(base64.b64encode(p).decode(), safe="")


# algorithm 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5; digits 1 six, 2 eight; type 1 HOTP, 2 TOTP
code1 = link([
    otp("JBSWY3DPEHPK3PXP", "Example:alice@example.com", "Example", 1, 1, 2,
        extra=vi(99, 7)),  # an unknown field inside OtpParameters
    otp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Zoë 😀", "Ünïcödé Bank", 2, 2, 2),
], 2, 0, -123456789, extra=ld(15, b"future field"))  # an unknown field in the payload
code2 = link([
    otp("KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF", "bob", "Counter Co", 3, 1, 1, counter=42),
    otp("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", "old@example.com", "Legacy", 4, 1, 2),
], 2, 1, -123456789)
with open("google/batches.txt", "w") as f:
    f.write("# Google Authenticator transfer, 2 QR codes\n" + code1 + "\n" + code2 + "\n")

missing = link([otp("JBSWY3DPEHPK3PXP", "carol", "Solo", 1, 1, 2)], 3, 0, 2024)
with open("google/missing.txt", "w") as f:
    f.write(missing + "\n")

# Aegis encrypted: the db object of aegis/plain.json, encrypted.
plain = json.load(open("aegis/plain.json"))
db = json.dumps(plain["db"]).encode()
password = b"correct horse battery staple"
master = os.urandom(32)
salt = os.urandom(32)
kek = hashlib.scrypt(password, salt=salt, n=1 << 15, r=8, p=1, maxmem=64 << 20, dklen=32)
n1 = os.urandom(12)
wrapped = AESGCM(kek).encrypt(n1, master, None)
n2 = os.urandom(12)
sealed = AESGCM(master).encrypt(n2, db, None)
out = {
    "version": 1,
    "header": {
        "slots": [
            {"type": 2, "uuid": str(uuid.uuid4()), "key": os.urandom(32).hex(),
             "key_params": {"nonce": os.urandom(12).hex(), "tag": os.urandom(16).hex()}},
            {"type": 1, "uuid": str(uuid.uuid4()), "key": wrapped[:-16].hex(),
             "key_params": {"nonce": n1.hex(), "tag": wrapped[-16:].hex()},
             "n": 1 << 15, "r": 8, "p": 1, "salt": salt.hex(), "repaired": True, "is_backup": False},
        ],
        "params": {"nonce": n2.hex(), "tag": sealed[-16:].hex()},
    },
    "db": base64.b64encode(sealed[:-16]).decode(),
}
with open("aegis/encrypted.json", "w") as f:
    json.dump(out, f, indent=4)
    f.write("\n")
