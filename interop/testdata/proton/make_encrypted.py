#!/usr/bin/env python3
"""Writes sparekey_encrypted_pw_sparekey-test.json: sparekey.json encrypted
as Proton Authenticator's password-protected export (password_exporter.rs),
by libsodium through ctypes, an implementation independent of Sparekey's:

- key: Argon2id v1.3 (crypto_pwhash: one lane) of the password over a 16-byte
  salt, 2 passes, 19 MiB, 32 bytes;
- content: a 12-byte nonce, then AES-256-GCM of the export (ciphertext and
  tag) with the additional data "proton.authenticator.export.v1".

Run from this folder: python3 make_encrypted.py (needs libsodium and a CPU
with AES instructions).
"""
import base64
import ctypes
import ctypes.util
import json

sodium = ctypes.CDLL(ctypes.util.find_library("sodium"))
assert sodium.sodium_init() >= 0
assert sodium.crypto_aead_aes256gcm_is_available() == 1

PASSWORD = "sparekey-test".encode()
AAD = b"proton.authenticator.export.v1"
plain = open("sparekey.json", "rb").read()

salt = ctypes.create_string_buffer(16)
sodium.randombytes_buf(salt, ctypes.c_size_t(16))
key = ctypes.create_string_buffer(32)
sodium.crypto_pwhash.argtypes = [ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_char_p, ctypes.c_ulonglong,
                                 ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_size_t, ctypes.c_int]
assert sodium.crypto_pwhash(key, 32, PASSWORD, len(PASSWORD), salt.raw, 2, 19 * 1024 * 1024,
                            sodium.crypto_pwhash_alg_argon2id13()) == 0

nonce = ctypes.create_string_buffer(12)
sodium.randombytes_buf(nonce, ctypes.c_size_t(12))
sealed = ctypes.create_string_buffer(len(plain) + 16)
sealed_len = ctypes.c_ulonglong()
sodium.crypto_aead_aes256gcm_encrypt.argtypes = [
    ctypes.c_char_p, ctypes.POINTER(ctypes.c_ulonglong), ctypes.c_char_p, ctypes.c_ulonglong,
    ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
assert sodium.crypto_aead_aes256gcm_encrypt(sealed, ctypes.byref(sealed_len), plain, len(plain),
                                            AAD, len(AAD), None, nonce.raw, key.raw) == 0

b64 = lambda b: base64.b64encode(b).decode()
with open("sparekey_encrypted_pw_sparekey-test.json", "w") as f:
    json.dump({"version": 1, "salt": b64(salt.raw), "content": b64(nonce.raw + sealed.raw[:sealed_len.value])}, f)
    f.write("\n")
