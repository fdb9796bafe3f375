package dev.tusk.bench.writetx;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.bench.pointselect.TuskPointSelect;
import dev.tusk.config.TuskConfig;

/** The write transaction through {@code client.inTransaction(tx -> tx.execute(...))}, Tusk's defaults included. */
public final class TuskWriteTx implements WriteTxClient {

    private final TuskClient client;

    /** Opens a Tusk client for {@code config} with a fixed pool of {@code poolSize} connections and its defaults. */
    public TuskWriteTx(TuskConfig config, int poolSize) {
        this.client = Tusk.connect(TuskPointSelect.configure(config, poolSize, true));
    }

    @Override
    public String name() {
        return TUSK;
    }

    @Override
    public void run(int aid) {
        long changed = client.inTransaction(transaction -> transaction.execute(UPDATE_SQL, DELTA, aid));
        if (changed != 1) {
            throw new IllegalStateException("account " + aid + " not found: the UPDATE changed " + changed + " rows");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
