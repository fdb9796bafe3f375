package dev.tusk.bench.pointselect;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;

/** Point-select through Tusk's one-liner, {@link TuskClient#queryValue}, as an application would write it. */
public final class TuskPointSelect implements PointSelectClient {

    /** The {@code application_name} of this client's sessions, to tell them apart on the server. */
    public static final String APPLICATION_NAME = "tusk-bench-tusk";

    private final TuskClient client;

    /** Opens a Tusk client for {@code config} with a fixed pool of {@code poolSize} connections. */
    public TuskPointSelect(TuskConfig config, int poolSize) {
        this.client = Tusk.connect(config.toBuilder()
                .applicationName(APPLICATION_NAME)
                .poolMinSize(poolSize)
                .poolMaxSize(poolSize)
                .build());
    }

    @Override
    public String name() {
        return "tusk";
    }

    @Override
    public int select(int aid) {
        Integer balance = client.queryValue(Integer.class, SQL, aid);
        if (balance == null) {
            throw new IllegalStateException("account " + aid + " not found (or its balance is NULL)");
        }
        return balance;
    }

    @Override
    public void close() {
        client.close();
    }
}
