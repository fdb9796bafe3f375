package dev.tusk.copy.internal.out;

/**
 * Formats the binary form of {@code inet} and {@code cidr} exactly as PostgreSQL's text output does, so a value read
 * through binary COPY equals the one {@code getString} gives: IPv6 with its longest run of zero groups shortened to
 * {@code ::} and embedded IPv4 in dotted form, the prefix length shown for cidr always and for inet unless full.
 */
final class InetText {

    private static final int FAMILY_INET6 = 3;

    private InetText() {
    }

    static String format(byte[] b, int o, int length) {
        int family = b[o];
        int bits = b[o + 1] & 0xFF;
        boolean cidr = b[o + 2] != 0;
        int addressLength = b[o + 3] & 0xFF;
        int address = o + 4;
        StringBuilder text = new StringBuilder(48);
        int fullBits;
        if (family == FAMILY_INET6) {
            appendIpv6(text, b, address);
            fullBits = 128;
        } else {
            for (int i = 0; i < addressLength; i++) {
                text.append(i == 0 ? "" : ".").append(b[address + i] & 0xFF);
            }
            fullBits = 32;
        }
        if (cidr || bits != fullBits) {
            text.append('/').append(bits);
        }
        return text.toString();
    }

    private static void appendIpv6(StringBuilder text, byte[] b, int address) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[address + 2 * i] & 0xFF) << 8) | (b[address + 2 * i + 1] & 0xFF);
        }
        // The first longest run of zero words, if at least two long, becomes "::".
        int bestBase = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestBase = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) {
                    text.append(':');
                }
                continue;
            }
            if (i != 0) {
                text.append(':');
            }
            boolean embeddedIpv4 = i == 6 && bestBase == 0
                    && (bestLength == 6 || (bestLength == 7 && words[7] != 0x0001) || (bestLength == 5 && words[5] == 0xFFFF));
            if (embeddedIpv4) {
                text.append(b[address + 12] & 0xFF).append('.').append(b[address + 13] & 0xFF).append('.')
                        .append(b[address + 14] & 0xFF).append('.').append(b[address + 15] & 0xFF);
                return;
            }
            text.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLength == 8) {
            text.append(':');
        }
    }
}
