#!/bin/sh
# Runs once, when the primary's data folder is created (docker-entrypoint-initdb.d): lets the
# read replica of the `scale` profile stream the WAL with the postgres user's password.
set -e
echo "host replication postgres all scram-sha-256" >> "$PGDATA/pg_hba.conf"
