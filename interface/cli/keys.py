"""`groundwork keys`: creating keys, to be kept apart from the database."""

from __future__ import annotations

import typer

from interface.cli.common import add_group


def register(cli: typer.Typer) -> None:
    add_group(
        cli,
        "keys",
        "Keys: creating them (keep them apart from the database).",
        {"cipher": keys_cipher},
        no_args_is_help=False,
    )


def keys_cipher() -> None:
    """Print a new random key for GROUNDWORK_CIPHER_KEY (256-bit AES, base64)."""
    from eventsourcing.cryptography import AESCipher

    typer.echo(AESCipher.create_key(32))
