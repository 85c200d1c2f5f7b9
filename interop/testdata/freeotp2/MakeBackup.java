// Writes FreeOTP 2 backups (externals.xml) the way FreeOTP for Android
// writes them, for Sparekey's tests: a test tool, not part of Sparekey.
//
// FreeOTP (freeotp/freeotp-android, mobile/) keeps its backup in the
// SharedPreferences "tokenBackup": "masterKey" holds Gson's JSON of a
// MasterKey (a random AES key encrypted with AES/GCM/NoPadding under
// PBKDF2withHmacSHA512 of the backup password, 100,000 rounds, 32-byte salt);
// for each token, "<uuid>" holds {"key": Gson's JSON of an EncryptedKey (the
// token's secret encrypted under the master key)} and "<uuid>-token" holds
// Gson's JSON of the Token. TokenPersistence.copyBackupToExternal writes that
// map (a HashMap) with an ObjectOutputStream. The classes below have the
// same fields, in the same order, with the same Gson names, and the
// encryption is the same JCA calls, so the files are what FreeOTP writes.
//
// Build and run from this folder as README.md says (a JDK and Gson).
import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;
import java.io.FileOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

public class MakeBackup {
    // org.fedorahosted.freeotp.encryptor.EncryptedKey
    static final class EncryptedKey {
        private final byte[] mCipherText;
        private final byte[] mParameters;
        private final String mCipher;
        private final String mToken;

        EncryptedKey(SecretKey key, SecretKey plaintext) throws Exception {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            mCipher = cipher.getAlgorithm();
            mToken = plaintext.getAlgorithm();
            cipher.updateAAD(mToken.getBytes(StandardCharsets.UTF_8));
            mCipherText = cipher.doFinal(plaintext.getEncoded());
            mParameters = cipher.getParameters().getEncoded();
        }
    }

    // org.fedorahosted.freeotp.encryptor.MasterKey
    static final class MasterKey {
        private final EncryptedKey mEncryptedKey;
        private final String mAlgorithm;
        private final int mIterations;
        private final byte[] mSalt;

        MasterKey(String password, String algorithm, int iterations, SecretKey master) throws Exception {
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 32 * 8);
            SecretKeyFactory skf = SecretKeyFactory.getInstance(algorithm);
            SecretKey pwd = new SecretKeySpec(skf.generateSecret(spec).getEncoded(), "AES");
            mEncryptedKey = new EncryptedKey(pwd, master);
            mIterations = spec.getIterationCount();
            mAlgorithm = algorithm;
            mSalt = salt;
        }
    }

    // org.fedorahosted.freeotp.Token (its persisted fields)
    static final class Token {
        @SerializedName("algo") String mAlgorithm;
        @SerializedName("issuerExt") String mIssuer;
        @SerializedName("issuerInt") String mIssuerParam;
        @SerializedName("issuerAlt") String mIssuerAlt;
        @SerializedName("label") String mLabel;
        @SerializedName("labelAlt") String mLabelAlt;
        @SerializedName("image") String mImage;
        @SerializedName("color") String mColor;
        @SerializedName("lock") Boolean mLock;
        @SerializedName("period") Integer mPeriod;
        @SerializedName("digits") Integer mDigits;
        @SerializedName("type") String mType;
        @SerializedName("counter") Long mCounter;
    }

    static Token token(String type, String issuer, String label, String algo, Integer digits, Integer period, Long counter) {
        Token t = new Token();
        t.mType = type;
        t.mIssuer = issuer;
        t.mIssuerParam = issuer;
        t.mLabel = label;
        t.mAlgorithm = algo;
        t.mDigits = digits;
        t.mPeriod = period;
        t.mCounter = counter;
        return t;
    }

    static final HashMap<String, String> backup = new HashMap<>();
    static SecretKey master;

    // TokenPersistence.save: the token's key encrypted under the master key.
    static void add(Token t, String base32Secret) throws Exception {
        String algo = t.mAlgorithm == null ? "SHA1" : t.mAlgorithm;
        SecretKey key = new SecretKeySpec(base32(base32Secret), "Hmac" + algo);
        String uuid = UUID.randomUUID().toString();
        EncryptedKey ek = new EncryptedKey(master, key);
        backup.put(uuid, new Gson().toJson(java.util.Map.of("key", new Gson().toJson(ek))));
        backup.put(uuid + "-token", new Gson().toJson(t));
    }

    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0, bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    // TokenPersistence.copyBackupToExternal: the whole "tokenBackup" map.
    static void write(String file, String password, String kdf, int iterations, boolean restored) throws Exception {
        HashMap<String, Object> prefs = new HashMap<>(backup);
        prefs.put("masterKey", new Gson().toJson(new MasterKey(password, kdf, iterations, master)));
        if (restored) {
            prefs.put("restoreComplete", Boolean.TRUE); // TokenBackupAgent's flag
        }
        try (ObjectOutputStream out = new ObjectOutputStream(new FileOutputStream(file))) {
            out.writeObject(prefs);
        }
    }

    static SecretKey newMaster() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    public static void main(String[] args) throws Exception {
        // The keys of Aegis's importer tests, and what FreeOTP can hold
        // beside them.
        master = newMaster();
        add(token("TOTP", "Deno", "Mason", "SHA1", 6, 30, null), "4SJHB4GSD43FZBAI7C2HLRJGPQ");
        add(token("TOTP", "SPDX", "James", "SHA256", 7, 20, null), "5OM4WOOGPLQEF6UGN3CPEOOLWU");
        add(token("TOTP", "Airbnb", "Elijah", "SHA512", 8, 50, null), "7ELGJSGXNCCTV3O6LKJWYFV2RA");
        add(token("HOTP", "Issuu", "James", "SHA1", 6, null, 1L), "YOOMIXWS5GN6RTBPUFFWKTW5M4");
        add(token("HOTP", "Air Canada", "Benjamin", "SHA256", 7, null, 50L), "KUVJJOM753IHTNDSZVCNKL7GII");
        add(token("HOTP", "WWE", "Mason", "SHA512", 8, null, 10300L), "5VAML3X35THCEBVRLV24CGBKOY");
        add(token("TOTP", "Steam", "Sophia", "SHA1", 5, 30, null), "JRZCL47CMXVOQMNPZR2F7J4RGI");
        // No algorithm, digits or period (a link without them): FreeOTP's
        // defaults, SHA1, 6 digits, 30 seconds.
        add(token("TOTP", null, "bare@example.com", null, null, null, null), "JBSWY3DPEHPK3PXP");
        // Renamed in FreeOTP, with characters beyond the BMP (which Java
        // writes as surrogate pairs in its modified UTF-8), locked, coloured.
        Token renamed = token("TOTP", "Bücherei", "zoë", "SHA1", 6, 30, null);
        renamed.mIssuerAlt = "Bücherei München 📚";
        renamed.mLabelAlt = "Zoë <&> 😀";
        renamed.mLock = true;
        renamed.mColor = "ff8800";
        add(renamed, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        // An algorithm FreeOTP accepts and Sparekey does not.
        add(token("TOTP", "Odd", "sha384", "SHA384", 6, 30, null), "ONSWG4TFOQYTEMZU");
        write("sparekey_externals_pw_sparekey-test.xml", "sparekey-test", "PBKDF2withHmacSHA512", 100000, true);

        // The other key derivation FreeOTP falls back to, and a password
        // beyond ASCII.
        backup.clear();
        master = newMaster();
        add(token("TOTP", "Deno", "Mason", "SHA1", 6, 30, null), "4SJHB4GSD43FZBAI7C2HLRJGPQ");
        write("sparekey_externals_sha1_unicode_password.xml", "Zoë 🔑 sparekey", "PBKDF2withHmacSHA1", 100000, false);

        // A seed for the fuzz test: two tokens, and 3 rounds (FreeOTP always
        // uses 100,000), so that each fuzzed file gets past the password.
        add(token("HOTP", "Issuu", "James", "SHA1", 6, null, 1L), "YOOMIXWS5GN6RTBPUFFWKTW5M4");
        write("fuzzseed_3_rounds_pw_sparekey-test.bin", "sparekey-test", "PBKDF2withHmacSHA512", 3, true);
    }
}
