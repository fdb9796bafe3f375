package dev.tusk.cli;

import dev.tusk.security.TlsReport;

import java.io.PrintWriter;

/** A TLS report as a person reads it in a terminal: one line of facts, then the findings. */
final class TlsText {

    private TlsText() {
    }

    /** Prints {@code report} as a {@code TLS:} line and its findings, each line starting with {@code indent}. */
    static void print(TlsReport report, PrintWriter out, String indent) {
        String mode = "sslmode=" + report.sslMode().libpqName();
        if (!report.tls()) {
            out.println(indent + "TLS:      off (" + mode + ")");
        } else {
            StringBuilder line = new StringBuilder(indent + "TLS:      " + report.protocol() + ", " + report.cipher()
                    + ", " + report.bits() + " bits (" + mode + ")");
            if (report.serverCertificateSubject() != null) {
                line.append("; server certificate ").append(report.serverCertificateSubject()).append(", valid until ")
                        .append(report.serverCertificateNotAfter());
            }
            line.append("; client certificate ").append(report.clientCertificateSubject() == null ? "none sent"
                    : report.clientCertificateSubject());
            out.println(line);
        }
        for (String finding : report.findings()) {
            out.println(indent + "  - " + finding);
        }
    }
}
