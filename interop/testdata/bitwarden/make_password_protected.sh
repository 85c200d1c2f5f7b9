#!/bin/sh
# Writes sparekey_password_protected_pw_sparekey-test.json: sparekey.json
# encrypted as Bitwarden's "password protected" export, with the openssl
# command line only (an implementation independent of Sparekey's):
#
#   key  = PBKDF2-HMAC-SHA256(password, salt as UTF-8 text, kdfIterations, 32)
#   enc  = HKDF-Expand-SHA256(key, "enc", 32); mac = HKDF-Expand-SHA256(key, "mac", 32)
#   data = "2." base64(iv) "|" base64(AES-256-CBC(enc, iv, json)) "|" base64(HMAC-SHA256(mac, iv || ciphertext))
#
# encKeyValidation_DO_NOT_EDIT is a random text encrypted the same way.
# Run from this folder: sh make_password_protected.sh
set -e
pass=sparekey-test
salt=$(openssl rand -base64 16)
iter=5000
key=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$pass" -kdfopt "salt:$salt" -kdfopt iter:$iter PBKDF2 | tr -d ':')
enc=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY -kdfopt "hexkey:$key" -kdfopt info:enc HKDF | tr -d ':')
mac=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY -kdfopt "hexkey:$key" -kdfopt info:mac HKDF | tr -d ':')
encstring() { # file -> EncString of type 2
	iv=$(openssl rand -hex 16)
	ct=$(mktemp)
	openssl enc -aes-256-cbc -K "$enc" -iv "$iv" -in "$1" -out "$ct"
	m=$( (printf '%s' "$iv" | xxd -r -p; cat "$ct") | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$mac" -binary | base64 -w0)
	printf '2.%s|%s|%s' "$(printf '%s' "$iv" | xxd -r -p | base64 -w0)" "$(base64 -w0 < "$ct")" "$m"
	rm -f "$ct"
}
check=$(mktemp)
openssl rand -hex 16 > "$check"
printf '{"encrypted": true, "passwordProtected": true, "salt": "%s", "kdfType": 0, "kdfIterations": %d, "kdfMemory": null, "kdfParallelism": null, "encKeyValidation_DO_NOT_EDIT": "%s", "data": "%s"}\n' \
	"$salt" "$iter" "$(encstring "$check")" "$(encstring sparekey.json)" > sparekey_password_protected_pw_sparekey-test.json
rm -f "$check"
