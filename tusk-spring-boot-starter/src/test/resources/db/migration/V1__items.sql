CREATE TABLE item (id int PRIMARY KEY, note text NOT NULL);
