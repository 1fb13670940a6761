"""Groundwork's settings, read from GROUNDWORK_* environment variables."""

from __future__ import annotations

import binascii
import os
from base64 import b64decode
from ipaddress import ip_network
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.store.keys import DBNAME as KEY_STORE_DBNAME
from domain.store.postgres import InvalidDatabaseUrl, postgres_env
from domain.store.postgres_keys import KEYS_URL
from domain.store.sqlite import CIPHER
from domain.store.sqlite import TOPIC as DURABLE_SQLITE
from projections.view import VIEWS_DBNAME


class Settings(BaseSettings):
    """Every setting can be given as an environment variable with the GROUNDWORK_ prefix,
    e.g. GROUNDWORK_DATABASE=/srv/groundwork/events.sqlite."""

    # Errors never repeat what was given: a rejected cipher key must not reach a log.
    model_config = SettingsConfigDict(
        env_prefix="GROUNDWORK_", extra="ignore", hide_input_in_errors=True
    )

    database: Path = Field(
        default=Path("data/groundwork.sqlite"),
        description="The SQLite file that holds the event store (created when missing).",
    )
    key_store: Path | None = Field(
        default=None,
        description="The SQLite file that holds each person's encryption key, apart from the "
        "event store (created when missing); by default next to it, e.g. "
        "data/groundwork.keys.sqlite. Forgetting a person destroys their key: back it up "
        "apart from the database, and know that a backup keeps keys destroyed since.",
    )
    views: Path | None = Field(
        default=None,
        description="The SQLite file that holds the read models (created when missing); by "
        "default next to the event store, e.g. data/groundwork.views.sqlite. It holds "
        "nothing that cannot be derived again from the events: deleting it rebuilds the "
        "views from the log.",
    )
    follow: bool = Field(
        default=True,
        description="Whether the server keeps the views up to date and delivers webhooks, in "
        "a process it starts; false when `groundwork projections run` does it instead.",
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="API worker processes that `groundwork serve` starts (one follower of "
        "the views serves them all).",
    )
    database_url: SecretStr | None = Field(
        default=None,
        description="A PostgreSQL database to keep everything in instead of the SQLite files: "
        "postgresql://user:password@host:port/dbname. The events, the views, their positions "
        "and (unless GROUNDWORK_KEY_STORE_URL says otherwise) each person's key are kept in "
        "it; GROUNDWORK_KEY_STORE and GROUNDWORK_VIEWS are then not used.",
    )
    key_store_url: SecretStr | None = Field(
        default=None,
        description="With GROUNDWORK_DATABASE_URL: another PostgreSQL database for each "
        "person's key (postgresql://...), to back up apart from the events; by default the "
        "keys are in a table of the events' database.",
    )
    pool_size: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="With GROUNDWORK_DATABASE_URL: the connections each process keeps open "
        "to PostgreSQL for the event store.",
    )
    host: str = Field(default="127.0.0.1", description="The address the API listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="The port the API listens on.")
    sample_data: bool = Field(
        default=False,
        description="Record the sample network when the database is empty at start-up.",
    )
    lock_timeout: int = Field(
        default=10,
        ge=1,
        le=600,
        description="Seconds a write waits for another process's lock (SQLite's, or "
        "PostgreSQL's on the events table).",
    )

    worker_threads: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="Threads that run requests; by default as many as the machine has cores "
        "(at least 2).",
    )

    sign_in_attempts: int = Field(
        default=10,
        ge=1,
        le=1_000_000,
        description="Failed sign-ins one address may make in a minute to one account (a wrong "
        "password), or with bearer tokens (a wrong or unknown token); further attempts get "
        "429 until the minute is over. Another account, or another address, is not held up.",
    )
    sign_in_address_attempts: int = Field(
        default=100,
        ge=1,
        le=1_000_000,
        description="Failed sign-ins one address may make in a minute, whatever the account: "
        "further attempts from it get 429 until the minute is over.",
    )
    sign_in_checks: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="Passwords checked at once (each costs ~0.5 s of CPU, on purpose); a "
        "sign-in beyond them gets 503 with Retry-After. By default as many as the worker "
        "threads.",
    )
    trusted_proxies: str = Field(
        default="",
        description="The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are "
        "believed, as comma-separated addresses or networks (e.g. 127.0.0.1 or "
        "10.0.0.0/8); by default none, and a client's address is its connection's. Sign-in "
        "limits count by this address: name the proxy in front of Groundwork, and no other.",
    )

    webhook_retry_seconds: float = Field(
        default=1.0,
        gt=0,
        le=3600,
        description="How long a failed webhook delivery waits before its first retry (the "
        "wait then doubles each time, up to five minutes).",
    )

    cipher_key: SecretStr | None = Field(
        default=None,
        description="Encrypts every event's record in the store (AES-GCM): 16, 24 or 32 random "
        "bytes in base64, as `groundwork keys cipher` prints. Keep it apart from the database "
        "and its backups: without it the events cannot be read.",
    )

    @field_validator("cipher_key")
    @classmethod
    def _a_key(cls, key: SecretStr | None) -> SecretStr | None:
        if key is None:
            return None
        try:
            size = len(b64decode(key.get_secret_value(), validate=True))
        except (binascii.Error, ValueError):
            raise ValueError("the cipher key is not base64") from None
        if size not in (16, 24, 32):
            raise ValueError(f"the cipher key is {size} bytes; it takes 16, 24 or 32")
        return key

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, proxies: str) -> str:
        networks = []
        for part in proxies.split(","):
            if part.strip():
                try:
                    networks.append(str(ip_network(part.strip(), strict=False)))
                except ValueError:
                    raise ValueError(
                        f"{part.strip()!r} is not an IP address or network (e.g. 10.0.0.0/8)"
                    ) from None
        return ",".join(networks)

    @field_validator("database_url", "key_store_url")
    @classmethod
    def _a_postgres_url(cls, url: SecretStr | None) -> SecretStr | None:
        if url is not None:
            try:
                postgres_env(url.get_secret_value(), pool_size=1, lock_timeout=1)
            except InvalidDatabaseUrl as error:
                raise ValueError(str(error)) from None
        return url

    def threads(self) -> int:
        return self.worker_threads or max(2, os.cpu_count() or 1)

    def password_checks(self) -> int:
        return self.sign_in_checks or self.threads()

    def sample_token_file(self) -> Path:
        """Where `make run` leaves the sample account's token: beside the database."""
        return self.database.with_name(f"{self.database.stem}.sample-token")

    def store_name(self) -> str:
        """The event store, as messages name it (never with a password)."""
        if self.database_url is None:
            return str(self.database)
        env = postgres_env(self.database_url.get_secret_value(), pool_size=1, lock_timeout=1)
        return f"PostgreSQL database {env['POSTGRES_DBNAME']} on {env['POSTGRES_HOST']}"

    def key_store_name(self) -> str:
        """The key store, as messages name it (never with a password)."""
        if self.database_url is None:
            return str(self.key_store_path())
        if self.key_store_url is None:
            return f"the personal_keys table of {self.store_name()}"
        env = postgres_env(self.key_store_url.get_secret_value(), pool_size=1, lock_timeout=1)
        return (
            f"the personal_keys table of PostgreSQL database {env['POSTGRES_DBNAME']} on "
            f"{env['POSTGRES_HOST']}"
        )

    def key_store_path(self) -> Path:
        """The key store: as set, or next to the event store (`x.sqlite` -> `x.keys.sqlite`)."""
        if self.key_store is not None:
            return self.key_store
        return self.database.with_name(f"{self.database.stem}.keys.sqlite")

    def views_path(self) -> Path:
        """The views: as set, or next to the event store (`x.sqlite` -> `x.views.sqlite`)."""
        if self.views is not None:
            return self.views
        return self.database.with_name(f"{self.database.stem}.views.sqlite")

    def event_store_env(self) -> dict[str, str]:
        """The `eventsourcing` library's configuration for this database (and the key store
        of personal data, `domain.store.keys`, and the views' file, `projections.view`):
        PostgreSQL's with a database URL (the views then in the same database), else SQLite's."""
        # The folder holds the SQLite files, and beside them the sample account's token:
        # for Groundwork's user only (`interface.private_files`).
        self.database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.database_url is not None:
            env = postgres_env(
                self.database_url.get_secret_value(),
                pool_size=self.pool_size,
                lock_timeout=self.lock_timeout,
            )
            if self.key_store_url is not None:
                env[KEYS_URL] = self.key_store_url.get_secret_value()
        else:
            env = {
                "PERSISTENCE_MODULE": DURABLE_SQLITE,
                "SQLITE_DBNAME": str(self.database),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
                KEY_STORE_DBNAME: str(self.key_store_path()),
                VIEWS_DBNAME: str(self.views_path()),
            }
        if self.cipher_key is not None:
            env["CIPHER_TOPIC"] = CIPHER
            env["CIPHER_KEY"] = self.cipher_key.get_secret_value()
        return env
