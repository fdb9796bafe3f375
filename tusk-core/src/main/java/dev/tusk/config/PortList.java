package dev.tusk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * libpq's pairing of a port list with a host list in the environment: {@code PGHOST=db1,db2} with
 * {@code PGPORT=5432,5433} means {@code db1:5432,db2:5433}. A single port applies to every host and needs no pairing;
 * a list must have one entry per host, an empty entry meaning the default port.
 */
final class PortList {

    private PortList() {
    }

    /** Offers {@code host} as the paired list, or records why the two variables cannot be paired. */
    static void pair(EnvVariable hostVariable, EnvVariable portVariable, Function<String, String> environment,
                     Layer layer, Problems problems) {
        String portText = EnvVariable.lookup(environment, portVariable.name()).strip();
        String hostText = hostVariable == null ? null : EnvVariable.lookup(environment, hostVariable.name());
        List<String> ports = HostList.entries(portText);
        if (hostText == null) {
            problems.add(Setting.PORT, portVariable.name() + "=" + Problems.shown(null, portText) + " lists "
                    + ports.size() + " ports, but " + (hostVariable == null ? "no host variable of its family"
                    : hostVariable.name()) + " is not set: a list of ports needs a host list with one host per port");
            return;
        }
        List<String> hosts = HostList.entries(hostText);
        if (hosts.size() != ports.size()) {
            problems.add(Setting.PORT, portVariable.name() + "=" + Problems.shown(null, portText) + " lists "
                    + ports.size() + " ports, but " + hostVariable.name() + " lists " + hosts.size() + " host"
                    + (hosts.size() == 1 ? "" : "s") + "; give one port per host, or a single port for all");
            return;
        }
        List<String> paired = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String port = ports.get(i);
            if (port.isEmpty()) {
                paired.add(host);
                continue;
            }
            int number;
            try {
                number = Integer.parseInt(port);
                Setting.PORT.check(number);
            } catch (IllegalArgumentException e) {
                problems.add(Setting.PORT, portVariable.name() + "=" + Problems.shown(null, portText) + ": entry "
                        + (i + 1) + " (" + port + ") is not a port; expected numbers from 1 to 65535 separated by commas");
                return;
            }
            if (HostList.hasPort(host)) {
                problems.add(Setting.HOST, hostVariable.name() + " entry " + (i + 1) + " (" + host + ") names its own "
                        + "port and " + portVariable.name() + " gives another; give the port in one place");
                return;
            }
            paired.add(HostList.withPort(host, number));
        }
        String value = String.join(",", paired);
        try {
            Setting.HOST.check(value);
        } catch (IllegalArgumentException e) {
            problems.add(Setting.HOST, hostVariable.name() + "=" + Problems.shown(null, hostText.strip()) + ": "
                    + e.getMessage() + "; expected " + HostList.EXPECTATION);
            return;
        }
        layer.offer(Setting.HOST, value, SettingSource.environment(hostVariable.name() + " with "
                + portVariable.name()));
    }
}
