package dev.tusk.testing.pgbouncer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal simple-query client for PgBouncer's admin console.
 *
 * <p>PgJDBC 42.7.5+ sends {@code SET extra_float_digits} to any server reporting a version below 12, and the console
 * (which reports PgBouncer's own version) refuses that SET before 1.26, so PgJDBC cannot open the console at all.
 */
final class AdminConsole {

    private static final int PROTOCOL_3_0 = 196608;
    private static final int AUTHENTICATION_OK = 0;

    private AdminConsole() {
    }

    /** Runs one console command as {@code user} with trust authentication; returns its rows, column name to text value. */
    static List<Map<String, String>> query(String host, int port, String user, String command, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            // One write per message: PgBouncer drops a client whose startup packet arrives in pieces.
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            sendStartup(out, user);
            awaitReady(in, "login as " + user);
            sendMessage(out, 'Q', zeroTerminated(command));
            List<Map<String, String>> rows = readResult(in, command);
            sendMessage(out, 'X', new byte[0]);
            return rows;
        }
    }

    private static void sendStartup(DataOutputStream out, String user) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String part : List.of("user", user, "database", PgBouncer.ADMIN_DATABASE, "application_name", "tusk-testing")) {
            body.writeBytes(zeroTerminated(part));
        }
        body.write(0);
        out.writeInt(body.size() + 8);
        out.writeInt(PROTOCOL_3_0);
        out.write(body.toByteArray());
        out.flush();
    }

    private static void sendMessage(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    private static void awaitReady(DataInputStream in, String step) throws IOException {
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] body = readBody(in);
            switch (type) {
                case 'R' -> {
                    int code = new DataInputStream(new ByteArrayInputStream(body)).readInt();
                    if (code != AUTHENTICATION_OK) {
                        throw new IOException("PgBouncer asked for authentication method " + code
                                + " during " + step + ", but the harness configures auth_type = trust");
                    }
                }
                case 'E' -> throw new IOException("PgBouncer refused " + step + ": " + errorText(body));
                case 'Z' -> {
                    return;
                }
                default -> {
                    // ParameterStatus, BackendKeyData and notices carry nothing the harness needs.
                }
            }
        }
    }

    private static List<Map<String, String>> readResult(DataInputStream in, String command) throws IOException {
        List<String> columns = List.of();
        List<Map<String, String>> rows = new ArrayList<>();
        String error = null;
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] body = readBody(in);
            DataInputStream fields = new DataInputStream(new ByteArrayInputStream(body));
            switch (type) {
                case 'T' -> columns = columnNames(fields);
                case 'D' -> rows.add(row(fields, columns));
                case 'E' -> error = errorText(body);
                case 'Z' -> {
                    if (error != null) {
                        throw new IOException("PgBouncer console command '" + command + "' failed: " + error);
                    }
                    return Collections.unmodifiableList(rows);
                }
                default -> {
                    // CommandComplete, EmptyQueryResponse and notices end or decorate a result; ReadyForQuery ends it.
                }
            }
        }
    }

    private static List<String> columnNames(DataInputStream fields) throws IOException {
        int count = fields.readUnsignedShort();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(readString(fields));
            // Table oid, attribute number, type oid, type length, type modifier, format: 18 bytes.
            fields.skipNBytes(18);
        }
        return names;
    }

    private static Map<String, String> row(DataInputStream fields, List<String> columns) throws IOException {
        int count = fields.readUnsignedShort();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int length = fields.readInt();
            String value = length < 0 ? null : new String(fields.readNBytes(length), StandardCharsets.UTF_8);
            row.put(i < columns.size() ? columns.get(i) : "column" + (i + 1), value);
        }
        return Collections.unmodifiableMap(row);
    }

    private static String errorText(byte[] body) throws IOException {
        DataInputStream fields = new DataInputStream(new ByteArrayInputStream(body));
        String sqlState = "?";
        String message = "";
        int code;
        while ((code = fields.readUnsignedByte()) != 0) {
            String value = readString(fields);
            if (code == 'C') {
                sqlState = value;
            } else if (code == 'M') {
                message = value;
            }
        }
        return message + " (SQLSTATE " + sqlState + ")";
    }

    private static byte[] readBody(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 4 || length > 16 * 1024 * 1024) {
            throw new IOException("PgBouncer sent a message of impossible length " + length);
        }
        return in.readNBytes(length - 4);
    }

    private static String readString(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static byte[] zeroTerminated(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }
}
