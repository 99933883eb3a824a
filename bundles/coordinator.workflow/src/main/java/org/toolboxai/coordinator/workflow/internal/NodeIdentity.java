package org.toolboxai.coordinator.workflow.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who this node is among the nodes sharing the database: the configured {@code node.id}, or one
 * generated on the first start (host name and six random hex digits) and kept in the data folder,
 * so a restarted node is the same node and takes its own unfinished runs back at once.
 */
final class NodeIdentity {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private NodeIdentity() {
    }

    /**
     * The configured id when there is one, else the one in {@code file}, made there on the first call.
     *
     * @throws IllegalArgumentException when the configured id is not 1-100 letters, digits, dots, dashes, underscores
     */
    static String resolve(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            String id = configured.strip();
            if (!VALID.matcher(id).matches()) {
                throw new IllegalArgumentException("node.id '" + id + "' must be 1-100 letters, digits, '.', '-' or '_'");
            }
            return id;
        }
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (VALID.matcher(id).matches()) {
                    return id;
                }
            }
            byte[] random = new byte[3];
            new SecureRandom().nextBytes(random);
            String host = hostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
            String id = (host.isEmpty() ? "node" : host.substring(0, Math.min(host.length(), 80))) + "-" + HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    /** Where a node runs, for the node list: host name and process id. */
    static String address() {
        return hostName() + " pid " + ProcessHandle.current().pid();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
