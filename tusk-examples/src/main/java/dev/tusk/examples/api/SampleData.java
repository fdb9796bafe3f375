package dev.tusk.examples.api;

import dev.tusk.Database;
import dev.tusk.examples.api.JurisdictionQueries.Jurisdiction;

import java.time.LocalDate;
import java.util.List;

/**
 * Sample jurisdictions and code adoptions for the demo and the tests. The figures are illustrative, shaped like real
 * adoptions (a state, its counties and cities, editions replacing each other over the years), not a legal reference.
 * Production migrations load none of it, as the seed's migrations load no data.
 */
public final class SampleData {

    /** One row of code_adoption: from {@code effectiveFrom}, {@code jurisdictionId} applies {@code edition} of {@code codeFamily}. */
    public record Adoption(String jurisdictionId, String codeFamily, String edition, LocalDate effectiveFrom) {
    }

    /** The sample jurisdictions: five states, four counties, five cities. */
    public static final List<Jurisdiction> JURISDICTIONS = List.of(
            new Jurisdiction("us-ca", "California", "state"),
            new Jurisdiction("us-tx", "Texas", "state"),
            new Jurisdiction("us-ny", "New York", "state"),
            new Jurisdiction("us-fl", "Florida", "state"),
            new Jurisdiction("us-wa", "Washington", "state"),
            new Jurisdiction("us-ca-los-angeles-county", "Los Angeles County", "county"),
            new Jurisdiction("us-wa-king-county", "King County", "county"),
            new Jurisdiction("us-tx-travis-county", "Travis County", "county"),
            new Jurisdiction("us-fl-miami-dade-county", "Miami-Dade County", "county"),
            new Jurisdiction("us-ca-san-francisco", "San Francisco", "city"),
            new Jurisdiction("us-tx-austin", "Austin", "city"),
            new Jurisdiction("us-wa-seattle", "Seattle", "city"),
            new Jurisdiction("us-ny-new-york-city", "New York City", "city"),
            new Jurisdiction("us-fl-miami", "Miami", "city"));

    /** The sample adoptions: several jurisdictions moved from one IBC edition to the next. */
    public static final List<Adoption> ADOPTIONS = List.of(
            adoption("us-ca", "IBC", "2018", "2020-01-01"),
            adoption("us-ca", "IBC", "2021", "2023-01-01"),
            adoption("us-ca", "IRC", "2018", "2020-01-01"),
            adoption("us-ca", "IRC", "2021", "2023-01-01"),
            adoption("us-ca", "IFC", "2021", "2023-01-01"),
            adoption("us-tx", "IECC", "2015", "2016-09-01"),
            adoption("us-ny", "IBC", "2018", "2020-05-12"),
            adoption("us-ny", "IECC", "2018", "2020-05-12"),
            adoption("us-fl", "IBC", "2018", "2020-12-31"),
            adoption("us-fl", "IBC", "2021", "2023-12-31"),
            adoption("us-wa", "IBC", "2018", "2021-02-01"),
            adoption("us-wa", "IBC", "2021", "2024-03-15"),
            adoption("us-wa", "IECC", "2021", "2024-03-15"),
            adoption("us-ca-los-angeles-county", "IBC", "2021", "2023-01-01"),
            adoption("us-wa-king-county", "IBC", "2021", "2024-03-15"),
            adoption("us-tx-travis-county", "IFC", "2021", "2022-01-01"),
            adoption("us-ca-san-francisco", "IBC", "2021", "2023-01-01"),
            adoption("us-ca-san-francisco", "IECC", "2021", "2023-01-01"),
            adoption("us-tx-austin", "IBC", "2015", "2017-01-01"),
            adoption("us-tx-austin", "IBC", "2021", "2021-09-01"),
            adoption("us-tx-austin", "IRC", "2021", "2021-09-01"),
            adoption("us-wa-seattle", "IBC", "2018", "2021-03-15"),
            adoption("us-wa-seattle", "IBC", "2021", "2024-03-15"),
            adoption("us-ny-new-york-city", "IBC", "2015", "2022-11-07"),
            adoption("us-fl-miami", "IBC", "2018", "2020-12-31"));

    private SampleData() {
    }

    private static Adoption adoption(String jurisdiction, String family, String edition, String from) {
        return new Adoption(jurisdiction, family, edition, LocalDate.parse(from));
    }

    /** Inserts the sample rows into the tables in {@code schema}, in one transaction: all of them or none. */
    public static void load(Database database, String schema) {
        ApiSchema.checkName("schema", schema);
        database.useTransaction(tx -> {
            tx.copy().bulkInsert(schema + ".jurisdiction", List.of("id", "name", "type"), JURISDICTIONS);
            tx.copy().bulkInsert(schema + ".code_adoption",
                    List.of("jurisdiction_id", "code_family", "edition", "effective_from"), ADOPTIONS);
        });
    }
}
