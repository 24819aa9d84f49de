#!/bin/sh
# The tooling of `make bench` still works (load client, demo bianmin, OpenSSH peer): the test
# itself is tests/bench/selftest.py. Debian's python3, where python3-asyncssh is installed.
exec /usr/bin/python3 "$(dirname "$0")/../bench/selftest.py" "${BIANMIN_BIN:-build/bianmin}"
