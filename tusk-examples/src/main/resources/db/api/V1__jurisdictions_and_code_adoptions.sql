-- The seed's two tables: the jurisdictions that adopt building codes, and which edition of each code family a
-- jurisdiction adopted from which date. Unqualified names: Flyway runs this with the recipe's schema as search_path.

CREATE TABLE jurisdiction (
    id   text PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL CONSTRAINT jurisdiction_type_known CHECK (type IN ('state', 'county', 'city'))
);

-- A new edition takes effect on a date and stays in force until the next adoption of the same family replaces it,
-- so the edition in force on a day is the adoption with the latest effective_from on or before it.
CREATE TABLE code_adoption (
    jurisdiction_id text NOT NULL REFERENCES jurisdiction (id),
    code_family     text NOT NULL,
    edition         text NOT NULL,
    effective_from  date NOT NULL,
    PRIMARY KEY (jurisdiction_id, code_family, effective_from)
);

-- GET /adoptions reads one family across every jurisdiction; the primary key serves GET /jurisdictions/{id}.
CREATE INDEX code_adoption_by_family ON code_adoption (code_family, jurisdiction_id, effective_from DESC);
-- GET /jurisdictions filters by type and pages in name order.
CREATE INDEX jurisdiction_by_type_and_name ON jurisdiction (type, name, id);
