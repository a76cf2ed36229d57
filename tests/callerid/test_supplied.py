"""Certificate chains supplied with a verification instead of downloaded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.callerid.shaken import CertBundle, Problem
from fanzha.callerid.shaken.codes import CERT_INVALID, X5U_FETCH_FAILED
from fanzha.callerid.shaken.supplied import (
    MAX_SUPPLIED,
    MAX_SUPPLIED_BYTES,
    Fetched,
    supplied_certs,
)
from fanzha.core import InvalidInputError
from tests.callerid.conftest import X5U, Pki, pem


class Recorder:
    """A fallback that records which URLs reached it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def fetch(self, url: str) -> Fetched:
        self.asked.append(url)
        return Problem(X5U_FETCH_FAILED, "not here")


def test_one_chain_answers_every_url(pki: Pki) -> None:
    fallback = Recorder()
    certs = supplied_certs({None: pki.chain}, fallback)
    for url in (X5U, "https://other.example/x.pem"):
        bundle = certs.fetch(url)
        assert isinstance(bundle, CertBundle)
        assert bundle.leaf == pki.cert
    assert fallback.asked == []


def test_named_chains_answer_their_url_and_the_rest_is_fetched(pki: Pki) -> None:
    fallback = Recorder()
    certs = supplied_certs({X5U: pki.chain}, fallback)
    assert isinstance(certs.fetch(X5U), CertBundle)
    assert isinstance(certs.fetch("https://other.example/x.pem"), Problem)
    assert fallback.asked == ["https://other.example/x.pem"]
    named_first = supplied_certs({None: pem(pki.ca[1]), X5U: pki.chain}, fallback)
    leaf = named_first.fetch(X5U)
    assert isinstance(leaf, CertBundle) and leaf.leaf == pki.cert


@pytest.mark.parametrize(
    ("chains", "message"),
    [
        ({None: b"not a certificate"}, "not a PEM or DER certificate"),
        ({X5U: b"x" * (MAX_SUPPLIED_BYTES + 1)}, "larger than 64 KiB"),
        ({f"https://c{i}.example/": b"" for i in range(MAX_SUPPLIED + 1)}, "at most 8"),
    ],
)
def test_unusable_chains_are_input_errors(chains: dict[str | None, bytes], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        supplied_certs(chains, Recorder())
    assert caught.value.code == CERT_INVALID


@given(st.booleans(), st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
def test_any_bytes_give_a_chain_or_an_input_error(as_pem: bool, data: bytes) -> None:
    if as_pem:  # else the DER reader gets it
        data = b"-----BEGIN CERTIFICATE-----\n" + data
    try:
        certs = supplied_certs({None: data}, Recorder())
    except InvalidInputError as exc:
        assert exc.code == CERT_INVALID
    else:
        assert isinstance(certs.fetch(X5U), CertBundle)
