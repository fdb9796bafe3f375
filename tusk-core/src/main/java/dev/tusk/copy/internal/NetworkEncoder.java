package dev.tusk.copy.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Encodes inet and cidr: family, mask bits, the is-cidr flag, the address length, then the address. Takes an
 * {@link InetAddress} or a String such as {@code 10.0.0.0/8} or {@code ::1}; strings are parsed as literals only,
 * never looked up in DNS.
 */
final class NetworkEncoder extends ColumnEncoder {

    /** PostgreSQL's own family codes (PGSQL_AF_INET, PGSQL_AF_INET6), not the operating system's. */
    private static final int FAMILY_INET = 2;
    private static final int FAMILY_INET6 = 3;

    private final boolean cidr;

    NetworkEncoder(String typeName, boolean cidr) {
        super(typeName);
        this.cidr = cidr;
    }

    @Override
    void write(Object value, CopyBuffer out) {
        byte[] address = address(value);
        int bits = bits(value, address);
        out.writeInt(4 + address.length);
        out.writeByte(address.length == 4 ? FAMILY_INET : FAMILY_INET6);
        out.writeByte(bits);
        out.writeByte(cidr ? 1 : 0);
        out.writeByte(address.length);
        out.writeBytes(address, 0, address.length);
    }

    @Override
    String text(Object value) {
        byte[] address = address(value);
        int bits = bits(value, address);
        StringBuilder text = new StringBuilder(48);
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                text.append(i == 0 ? "" : ".").append(address[i] & 0xFF);
            }
        } else {
            // All eight groups, never a zone id: what write sends, in the form inet_in reads.
            for (int i = 0; i < 16; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString(((address[i] & 0xFF) << 8) | (address[i + 1] & 0xFF)));
            }
        }
        return text.append('/').append(bits).toString();
    }

    private static byte[] address(Object value) {
        if (value instanceof InetAddress inet) {
            return inet.getAddress();
        } else if (value instanceof String text) {
            int slash = text.indexOf('/');
            return parseAddress(slash < 0 ? text : text.substring(0, slash), value);
        }
        throw wrongType(value);
    }

    private int bits(Object value, byte[] address) {
        int bits = address.length * 8;
        if (value instanceof String text && text.indexOf('/') >= 0) {
            bits = parseBits(text.substring(text.indexOf('/') + 1), address.length * 8, value);
        }
        if (cidr && hasHostBits(address, bits)) {
            throw invalid(value, "has bits set to the right of the /" + bits + " mask, which cidr refuses");
        }
        return bits;
    }

    private static byte[] parseAddress(String text, Object original) {
        if (text.indexOf(':') >= 0) {
            try {
                // Brackets make the JDK treat the text as an IPv6 literal and fail rather than ask DNS.
                InetAddress parsed = InetAddress.getByName("[" + text + "]");
                if (parsed instanceof Inet4Address) {
                    throw invalid(original, "an IPv4-mapped IPv6 address, which Java reads as IPv4; pass "
                            + "the IPv4 form");
                }
                return parsed.getAddress();
            } catch (UnknownHostException e) {
                throw invalid(original, "not an IP address");
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(original, "not an IP address");
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = parseSmall(parts[i], 255, original);
            address[i] = (byte) octet;
        }
        return address;
    }

    private static int parseBits(String text, int maximum, Object original) {
        try {
            return parseSmall(text, maximum, original);
        } catch (EncodeFailure e) {
            throw invalid(original, "the mask must be /0 to /" + maximum);
        }
    }

    private static int parseSmall(String text, int maximum, Object original) {
        if (text.isEmpty() || text.length() > 3) {
            throw invalid(original, "not an IP address");
        }
        int number = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(original, "not an IP address");
            }
            number = number * 10 + (c - '0');
        }
        if (number > maximum) {
            throw invalid(original, "not an IP address");
        }
        return number;
    }

    private static boolean hasHostBits(byte[] address, int bits) {
        for (int bit = bits; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }
}
