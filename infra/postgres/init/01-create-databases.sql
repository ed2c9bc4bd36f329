-- One database per service (database-per-service: no service reads another's tables).
--
-- The postgres image runs the files in /docker-entrypoint-initdb.d once, when it initialises
-- an empty data directory; with an existing volume nothing here runs again. To add a database
-- to a running setup, create it by hand or recreate the volume (docker compose down -v).
--
-- The services create their own tables: each runs its migrations at start-up.

CREATE DATABASE deelwijs_activities;
CREATE DATABASE deelwijs_knowledge;
CREATE DATABASE deelwijs_reporting;
