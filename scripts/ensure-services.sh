#!/usr/bin/env bash
# Starts the local PostgreSQL (127.0.0.1:5432, trust auth, database `test`) and RabbitMQ the tests use, if they are down.
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -c 'create database test'
fi

# RabbitMQ (127.0.0.1:5672, guest/guest) for the OpenStack notification consumer's tests.
amqp_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! amqp_up; then
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 rabbitmq-server
  fi
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do amqp_up && break; sleep 1; done
fi
amqp_up || { echo "ensure-services: RabbitMQ is not listening on 127.0.0.1:5672" >&2; exit 1; }
