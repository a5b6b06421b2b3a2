-- The roles of a Parcours installation on a server Parcours does not run itself (DATABASE_URL).
-- Run once as a superuser (or a CREATEROLE role), choosing the login names and passwords:
--
--   psql -v owner=parcours_owner -v service=parcours_service -v console=parcours_cli \
--        -v database=parcours -f deploy/roles.sql
--
-- then set the passwords (\password NAME), and give Parcours:
--   DATABASE_URL        the service's login   (parcours serve; acts only with bearer tokens)
--   PARCOURS_CONSOLE_URL the console's login  (the CLI's data commands; may act as staff by e-mail)
--   PARCOURS_OWNER_URL   the owner's login    (parcours db migrate, backups and restores only)
\set ON_ERROR_STOP on

-- Group roles with fixed names: parcours_app carries the row-level security policies;
-- membership in parcours_console lets a login name any staff member (`--as`).
SELECT 'CREATE ROLE parcours_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parcours_app') \gexec
SELECT 'CREATE ROLE parcours_console NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parcours_console') \gexec

-- The logins: the owner owns the database and the schema; the other two own nothing, inherit
-- nothing (RESET ROLE leaves them powerless) and may only become parcours_app.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE parcours_app', :'service')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'service') \gexec
SELECT format('CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE parcours_app, parcours_console', :'console')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'console') \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec

-- Only the owner makes temporary tables: a temporary table could stand in for one of the schema's
-- (PostgreSQL grants TEMPORARY to PUBLIC by default). `parcours db migrate` says it again.
SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', :'database') \gexec
