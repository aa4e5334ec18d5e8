# Functions that make sure the services Ordo's tests talk to are running,
# starting or installing them as needed. Source it; do not run it.

# ensure_postgres starts the local PostgreSQL cluster when nothing answers
# on 127.0.0.1:5432, installing it from Debian's packages if it is missing.
ensure_postgres() {
	if pg_answers; then
		return 0
	fi
	if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
		echo "PostgreSQL is not installed; installing it" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
		local version
		version=$(ls /etc/postgresql | sort -V | tail -n 1)
		sed -i 's/^\(local\|host\)\(.*\)\(peer\|scram-sha-256\|md5\)$/\1\2trust/' \
			"/etc/postgresql/$version/main/pg_hba.conf"
	fi
	echo "starting PostgreSQL" >&2
	pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
	for _ in $(seq 1 30); do
		if pg_answers; then
			psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" |
				grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
			return 0
		fi
		sleep 1
	done
	echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2
	return 1
}

pg_answers() {
	command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -U postgres
}

# ensure_sshd installs OpenSSH's server from Debian's packages when
# /usr/sbin/sshd is missing. Nothing is started: the SFTP tests run sshd
# themselves, each on a free port with a configuration of its own.
ensure_sshd() {
	if [ -x /usr/sbin/sshd ]; then
		return 0
	fi
	echo "OpenSSH's server is not installed; installing it" >&2
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends openssh-server >/dev/null
}
