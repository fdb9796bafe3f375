package dev.tusk.listen;

/**
 * One notification as PostgreSQL delivered it.
 *
 * @param channel   the channel it was sent to, exactly as the sender named it
 * @param payload   the payload, empty when none was sent; never null
 * @param senderPid the process id of the server session that sent it
 */
public record Notification(String channel, String payload, int senderPid) {

    /** Refuses a null channel or payload, which PostgreSQL never delivers. */
    public Notification {
        if (channel == null || payload == null) {
            throw new IllegalArgumentException("channel and payload must not be null");
        }
    }

    /** Shows the channel, the sender and the payload's length, never the payload itself, which may be private data. */
    @Override
    public String toString() {
        return "Notification[channel=" + channel + ", senderPid=" + senderPid + ", payload=" + payload.length()
                + " chars]";
    }
}
