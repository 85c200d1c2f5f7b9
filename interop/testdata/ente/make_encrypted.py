#!/usr/bin/env python3
"""Writes sparekey_encrypted_pw_sparekey-test.json: sparekey.txt encrypted the
way Ente Auth encrypts an export (export_widget.dart: CryptoUtil.deriveSensitiveKey,
then CryptoUtil.encryptData), by libsodium itself through ctypes:

- key: crypto_pwhash (Argon2id v1.3) of the password, 32 bytes, with the
  export's opsLimit and memLimit (small here so that tests are quick; Ente
  picks them by what the phone can afford);
- data: one crypto_secretstream_xchacha20poly1305 message tagged FINAL; the
  stream header is the export's encryptionNonce.

Run from this folder: python3 make_encrypted.py (needs libsodium).
"""
import base64
import ctypes
import ctypes.util
import json

sodium = ctypes.CDLL(ctypes.util.find_library("sodium"))
assert sodium.sodium_init() >= 0

PASSWORD = "sparekey-test".encode()
OPS, MEM = 2, 8 * 1024 * 1024

plain = open("sparekey.txt", "rb").read()

salt = ctypes.create_string_buffer(16)
sodium.randombytes_buf(salt, ctypes.c_size_t(16))
key = ctypes.create_string_buffer(32)
sodium.crypto_pwhash.argtypes = [ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_char_p, ctypes.c_ulonglong,
                                 ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_size_t, ctypes.c_int]
assert sodium.crypto_pwhash(key, 32, PASSWORD, len(PASSWORD), salt.raw, OPS, MEM,
                            sodium.crypto_pwhash_alg_argon2id13()) == 0

state = ctypes.create_string_buffer(sodium.crypto_secretstream_xchacha20poly1305_statebytes())
header = ctypes.create_string_buffer(sodium.crypto_secretstream_xchacha20poly1305_headerbytes())
assert sodium.crypto_secretstream_xchacha20poly1305_init_push(state, header, key) == 0
sealed = ctypes.create_string_buffer(len(plain) + sodium.crypto_secretstream_xchacha20poly1305_abytes())
sealed_len = ctypes.c_ulonglong()
sodium.crypto_secretstream_xchacha20poly1305_push.argtypes = [
    ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_ulonglong), ctypes.c_char_p, ctypes.c_ulonglong,
    ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_ubyte]
assert sodium.crypto_secretstream_xchacha20poly1305_push(
    state, sealed, ctypes.byref(sealed_len), plain, len(plain), None, 0,
    sodium.crypto_secretstream_xchacha20poly1305_tag_final()) == 0

b64 = lambda b: base64.b64encode(b).decode()
export = {
    "version": 1,
    "kdfParams": {"memLimit": MEM, "opsLimit": OPS, "salt": b64(salt.raw)},
    "encryptedData": b64(sealed.raw[:sealed_len.value]),
    "encryptionNonce": b64(header.raw),
}
with open("sparekey_encrypted_pw_sparekey-test.json", "w") as f:
    json.dump(export, f)
    f.write("\n")
