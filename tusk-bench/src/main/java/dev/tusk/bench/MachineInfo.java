package dev.tusk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** What the benchmark ran on, so that figures are never quoted without their machine. */
public final class MachineInfo {

    private MachineInfo() {
    }

    /** Cores, CPU model and memory, such as {@code 2 cores (AMD EPYC 7763), 23.4 GiB RAM}. */
    public static String machine() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        String memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? String.format(Locale.ROOT, ", %.1f GiB RAM", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024))
                : "";
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + ")" + memory
                + ", " + os.getName() + " " + os.getVersion();
    }

    /** The JDK running the benchmark, with its vendor. */
    public static String jdk() {
        return System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vm.vendor")
                + "), max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }

    /** The one-minute load average, or -1 where the platform has none. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
