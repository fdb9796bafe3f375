package dev.tusk.query;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Run in a child JVM with a small heap: streams a result far larger than the heap and prints what it saw. */
public final class StreamingMemoryProbe {

    private StreamingMemoryProbe() {
    }

    /** Arguments: a postgresql:// URL and a row count. Prints {@code rows=N bytes=N maxHeap=N}. */
    public static void main(String[] args) {
        long rowCount = Long.parseLong(args[1]);
        AtomicLong bytes = new AtomicLong();
        long rows;
        try (TuskClient client = Tusk.connect(args[0]);
             Stream<String> payloads = client.stream("SELECT repeat(md5(i::text), 8) AS payload FROM generate_series(1, ?) i",
                     row -> row.getString("payload"), rowCount)) {
            rows = payloads.peek(payload -> bytes.addAndGet(payload.length())).count();
        }
        System.out.println("rows=" + rows + " bytes=" + bytes.get() + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
