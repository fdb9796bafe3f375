-- Users, their posts, and roles granted through user_roles. Rows are soft deleted (deleted_at), never removed,
-- so every index that serves "live" queries is partial on deleted_at IS NULL.
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL CONSTRAINT users_email_shape CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND char_length(email) <= 254),
    name       text        CONSTRAINT users_name_length CHECK (char_length(name) <= 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- Partial unique index: an email belongs to at most one live user, and can be registered again once that user is
-- soft deleted. lower() so that Ada@x.org and ada@x.org are the same address.
CREATE UNIQUE INDEX users_email_live_key ON users (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE posts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id    bigint      NOT NULL REFERENCES users (id),
    title        text        NOT NULL CONSTRAINT posts_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    content      text,
    -- NULL while a draft; set when published, so "published" and "since when" cannot disagree.
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    -- Title words weigh more than body words in ts_rank. Stored, so a search reads it instead of re-parsing the text.
    search       tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', title), 'A')
                     || setweight(to_tsvector('english', coalesce(content, '')), 'B')) STORED
);

-- Composite index: an author's posts newest first, and the foreign key's look-up when a user row changes.
CREATE INDEX posts_author_created_idx ON posts (author_id, created_at DESC);

CREATE TABLE roles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CONSTRAINT roles_name_key UNIQUE
                            CONSTRAINT roles_name_shape CHECK (name ~ '^[a-z][a-z0-9_-]{0,39}$'),
    description text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Many-to-many: a role is defined once and granted to many users.
CREATE TABLE user_roles (
    user_id    bigint      NOT NULL REFERENCES users (id),
    role_id    bigint      NOT NULL REFERENCES roles (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role_id)
);

-- The primary key serves "roles of a user"; this serves "users with a role" and the foreign key to roles.
CREATE INDEX user_roles_role_idx ON user_roles (role_id, user_id);
