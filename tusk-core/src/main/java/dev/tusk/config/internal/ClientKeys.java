package dev.tusk.config.internal;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a client certificate's private key in the forms libpq reads, with the JDK alone: PKCS#8 PEM
 * ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 as OpenSSL writes it),
 * PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), also OpenSSL's legacy encryption of it ({@code Proc-Type: 4,ENCRYPTED}
 * with {@code DEK-Info} AES-128/192/256-CBC or DES-EDE3-CBC), PKCS#8 DER, plain or encrypted, and PKCS#12
 * ({@code .p12}, {@code .pfx}). Messages say what is wrong with the file and never quote the password or the key.
 */
public final class ClientKeys {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS"};
    /** AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM_ID = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    private static final byte[] PKCS8_VERSION_0 = {0x02, 0x01, 0x00};

    private ClientKeys() {
    }

    /** A key or certificate file that cannot be used; the message says why, naming neither the password nor the key. */
    public static final class UnusableFile extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableFile(String message) {
            super(message);
        }

        UnusableFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A private key with the certificate chain that goes with it. */
    public record KeyAndChain(PrivateKey key, X509Certificate[] chain) {
    }

    /**
     * The key in {@code keyFile}, decrypted with {@code password} when it is encrypted, with the chain from
     * {@code certFile} (or, for PKCS#12, the chain stored with the key).
     */
    public static KeyAndChain read(Path certFile, Path keyFile, String password) throws UnusableFile {
        checkPermissions(keyFile);
        String name = keyFile.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return readPkcs12(keyFile, password);
        }
        PrivateKey key = readKey(bytes(keyFile), password);
        return new KeyAndChain(key, readChain(certFile));
    }

    /** The certificates in a PEM or DER file, first the client's own. */
    public static X509Certificate[] readChain(Path certFile) throws UnusableFile {
        try (InputStream in = Files.newInputStream(certFile)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new UnusableFile("holds no certificate");
            }
            return chain.toArray(X509Certificate[]::new);
        } catch (IOException e) {
            throw new UnusableFile("cannot be read: " + e.getClass().getSimpleName(), e);
        } catch (CertificateException e) {
            throw new UnusableFile("is not an X.509 certificate in PEM or DER", e);
        }
    }

    private static PrivateKey readKey(byte[] content, String password) throws UnusableFile {
        String text = new String(content, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            return readDer(content, password);
        }
        Pem pem = Pem.first(text);
        return switch (pem.type()) {
            case "PRIVATE KEY" -> pkcs8(pem.body());
            case "ENCRYPTED PRIVATE KEY" -> pkcs8(decryptPkcs8(pem.body(), password));
            case "RSA PRIVATE KEY" -> pem.encrypted() ? decryptedKey(wrapPkcs1(decryptLegacy(pem, password)))
                    : pkcs8(wrapPkcs1(pem.body()));
            case "EC PRIVATE KEY" -> throw new UnusableFile("is an EC key in SEC1 form (BEGIN EC PRIVATE KEY), which "
                    + "Tusk does not read: convert it with openssl pkcs8 -topk8 -nocrypt (or -v2 aes-256-cbc to keep a "
                    + "password)");
            default -> throw new UnusableFile("holds a PEM block of type " + pem.type() + ", not a private key; expected "
                    + "BEGIN PRIVATE KEY, BEGIN ENCRYPTED PRIVATE KEY or BEGIN RSA PRIVATE KEY");
        };
    }

    private static PrivateKey readDer(byte[] der, String password) throws UnusableFile {
        try {
            // An encrypted PKCS#8 starts with the encryption's AlgorithmIdentifier where a plain one has its version.
            new EncryptedPrivateKeyInfo(der);
        } catch (IOException notEncrypted) {
            return pkcs8(der);
        }
        return pkcs8(decryptPkcs8(der, password));
    }

    private static PrivateKey pkcs8(byte[] der) throws UnusableFile {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // Try the next algorithm: PKCS#8 names its algorithm inside, and each factory refuses the others'.
            }
        }
        throw new UnusableFile("is not a private key in PKCS#8, PKCS#1 or PKCS#12 form, or one of an algorithm "
                + "other than " + String.join(", ", KEY_ALGORITHMS));
    }

    /**
     * The key in what a legacy PEM decrypted to. Its CBC padding is the only check the decryption makes, and a wrong
     * password passes it about once in 256 tries: what then fails to read as a key is the wrong password (or damage),
     * not a key of another form.
     */
    private static PrivateKey decryptedKey(byte[] der) throws UnusableFile {
        try {
            return pkcs8(der);
        } catch (UnusableFile notAKey) {
            throw wrongPassword(notAKey);
        }
    }

    private static byte[] decryptPkcs8(byte[] der, String password) throws UnusableFile {
        requirePassword(password);
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new UnusableFile("is marked as an encrypted private key but is not one (damaged file?)", e);
        }
        String algorithm = info.getAlgName();
        try {
            SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray()));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new UnusableFile("is encrypted with " + algorithm + ", which this JVM cannot decrypt; re-encrypt it "
                    + "with openssl pkcs8 -topk8 -v2 aes-256-cbc", e);
        } catch (GeneralSecurityException e) {
            throw wrongPassword(e);
        }
    }

    /** OpenSSL's legacy PEM encryption: key from EVP_BytesToKey (MD5, one round, salt = first 8 bytes of the IV). */
    private static byte[] decryptLegacy(Pem pem, String password) throws UnusableFile {
        requirePassword(password);
        String dekInfo = pem.header("DEK-Info");
        String[] parts = dekInfo == null ? new String[0] : dekInfo.split(",");
        if (parts.length != 2) {
            throw new UnusableFile("is encrypted (Proc-Type: 4,ENCRYPTED) but has no DEK-Info header naming cipher and IV");
        }
        String cipherName = parts[0].strip().toUpperCase(Locale.ROOT);
        LegacyCipher legacy = LegacyCipher.named(cipherName);
        if (legacy == null) {
            throw new UnusableFile("is encrypted with " + cipherName + ", which Tusk does not decrypt; use AES-256-CBC, "
                    + "or convert it with openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
        try {
            byte[] iv = HexFormat.of().parseHex(parts[1].strip());
            byte[] key = bytesToKey(password.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(iv, 8), legacy.keyBytes);
            Cipher cipher = Cipher.getInstance(legacy.transformation);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, legacy.keyAlgorithm), new IvParameterSpec(iv));
            return cipher.doFinal(pem.body());
        } catch (IllegalArgumentException e) {
            throw new UnusableFile("has a DEK-Info IV that is not hexadecimal", e);
        } catch (GeneralSecurityException e) {
            throw wrongPassword(e);
        }
    }

    private static byte[] bytesToKey(byte[] password, byte[] salt, int length) throws NoSuchAlgorithmException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        byte[] previous = new byte[0];
        while (key.size() < length) {
            md5.update(previous);
            md5.update(password);
            md5.update(salt);
            previous = md5.digest();
            key.writeBytes(previous);
        }
        return Arrays.copyOf(key.toByteArray(), length);
    }

    /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo, which the JDK's KeyFactory reads. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(PKCS8_VERSION_0);
        content.writeBytes(RSA_ALGORITHM_ID);
        content.writeBytes(derHeader(0x04, pkcs1.length));
        content.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.writeBytes(derHeader(0x30, content.size()));
        sequence.writeBytes(content.toByteArray());
        return sequence.toByteArray();
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        byte[] header = new byte[2 + bytes];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            header[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
        }
        return header;
    }

    private static KeyAndChain readPkcs12(Path file, String password) throws UnusableFile {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, secret);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        return new KeyAndChain(privateKey, Arrays.stream(chain).map(X509Certificate.class::cast)
                                .toArray(X509Certificate[]::new));
                    }
                }
            }
            throw new UnusableFile("holds no private key with its certificate chain");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw wrongPassword(e);
            }
            throw new UnusableFile("is not a PKCS#12 file, or sslPassword does not open it", e);
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(e);
        } catch (GeneralSecurityException e) {
            throw new UnusableFile("cannot be opened as PKCS#12: " + e.getClass().getSimpleName(), e);
        }
    }

    private static void requirePassword(String password) throws UnusableFile {
        if (password == null) {
            throw new UnusableFile("is encrypted, but no sslPassword is set: set sslPassword (URL sslpassword, "
                    + "POSTGRES_SSL_KEY_PASSWORD or DB_SSLPASSWORD)");
        }
    }

    private static UnusableFile wrongPassword(Exception cause) {
        // The cause is a padding or key-spec error: it carries no part of the password.
        return new UnusableFile("cannot be decrypted with the sslPassword given: wrong password, or a damaged file", cause);
    }

    private static void checkPermissions(Path keyFile) throws UnusableFile {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(keyFile);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new UnusableFile("cannot be read: " + e.getClass().getSimpleName(), e);
        }
        // libpq's rule: 0600 or less, or 0640 for a key owned by root, which a service group may read.
        boolean groupReadable = permissions.contains(PosixFilePermission.GROUP_READ);
        boolean tooOpen = permissions.stream().anyMatch(GROUP_OR_OTHERS::contains) || (groupReadable && !ownedByRoot(keyFile));
        if (tooOpen) {
            throw new UnusableFile("has group or world access (" + java.nio.file.attribute.PosixFilePermissions
                    .toString(permissions) + "); a private key must be u=rw (0600) or less, or u=rw,g=r (0640) when "
                    + "root owns it, as libpq demands: chmod 600 it");
        }
    }

    private static boolean ownedByRoot(Path file) {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(file, "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] bytes(Path file) throws UnusableFile {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnusableFile("cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private enum LegacyCipher {
        AES_128_CBC("AES-128-CBC", "AES/CBC/PKCS5Padding", "AES", 16),
        AES_192_CBC("AES-192-CBC", "AES/CBC/PKCS5Padding", "AES", 24),
        AES_256_CBC("AES-256-CBC", "AES/CBC/PKCS5Padding", "AES", 32),
        DES_EDE3_CBC("DES-EDE3-CBC", "DESede/CBC/PKCS5Padding", "DESede", 24);

        private final String openSslName;
        private final String transformation;
        private final String keyAlgorithm;
        private final int keyBytes;

        LegacyCipher(String openSslName, String transformation, String keyAlgorithm, int keyBytes) {
            this.openSslName = openSslName;
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
            this.keyBytes = keyBytes;
        }

        static LegacyCipher named(String name) {
            return Arrays.stream(values()).filter(cipher -> cipher.openSslName.equals(name)).findFirst().orElse(null);
        }
    }

    /** The first PEM block of a file: its type, its RFC 1421 headers and its decoded body. */
    private record Pem(String type, List<String[]> headers, byte[] body) {

        static Pem first(String text) throws UnusableFile {
            int begin = text.indexOf("-----BEGIN ");
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                throw new UnusableFile("has a broken PEM header");
            }
            String type = text.substring(begin + 11, typeEnd).strip();
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf(endMarker, typeEnd);
            if (end < 0) {
                throw new UnusableFile("has no \"" + endMarker + "\" line");
            }
            List<String[]> headers = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (String line : text.substring(typeEnd + 5, end).split("\\R")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
                } else {
                    body.append(line.strip());
                }
            }
            try {
                return new Pem(type, headers, Base64.getDecoder().decode(body.toString()));
            } catch (IllegalArgumentException e) {
                throw new UnusableFile("has a " + type + " block that is not valid base64", e);
            }
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        boolean encrypted() {
            String procType = header("Proc-Type");
            return procType != null && procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
        }
    }
}
