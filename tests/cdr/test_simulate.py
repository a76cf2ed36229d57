from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from fanzha.cdr.schema import TABLES, Role, arrow_schema
from fanzha.cdr.simulate import (
    DEFAULT_MIX,
    NORMAL_SEGMENTS,
    SEGMENTS,
    ScenarioConfig,
    parse_mix,
    simulate,
)
from fanzha.core import InvalidInputError

from .conftest import SMALL


def test_writes_the_four_tables_with_their_schemas(small_dir: Path) -> None:
    for table in TABLES:
        written = pq.read_table(small_dir / f"{table}.parquet")
        assert written.schema.equals(arrow_schema(table), check_metadata=False), table
        assert written.num_rows > 0
    assert (small_dir / "scenario.json").is_file()


def test_same_seed_same_data_other_seed_other_data() -> None:
    config = ScenarioConfig(seed=5, subscribers=600, days=3, fraud_share=0.05)
    a, b = simulate(config), simulate(config)
    for name, table in a.tables().items():
        assert table.equals(b.tables()[name]), name
    c = simulate(config, seed=6)
    assert not a.cdr.equals(c.cdr)


def test_every_role_and_segment_appears(small_dir: Path) -> None:
    truth = pq.read_table(small_dir / "truth.parquet").to_pandas()
    assert set(truth["role"]) == {r.value for r in Role}
    assert set(truth["segment"]) == set(SEGMENTS)
    fraud = truth[truth["role"].isin(["fraud_sim", "simbox", "abused_enterprise_line"])]
    assert fraud["ring_id"].notna().all()
    assert truth.loc[truth["role"] == "normal", "ring_id"].isna().all()
    assert len(fraud) == round(SMALL.subscribers * SMALL.fraud_share)


def test_numbers_are_unique_e164_and_legs_are_consistent(small_dir: Path) -> None:
    subs = pq.read_table(small_dir / "subscribers.parquet")
    assert pc.count_distinct(subs["msisdn"]).as_py() == subs.num_rows
    cdr = pq.read_table(small_dir / "cdr.parquet").to_pandas()
    assert cdr["caller"].str.match(r"^\+[1-9][0-9]{5,14}$").all()
    assert (cdr["duration_s"] >= 0).all()
    numbers = set(subs["msisdn"].to_pylist())
    out = cdr[cdr["direction"] == "out"]
    assert out["caller"].isin(numbers).all()
    assert cdr.loc[cdr["direction"] == "in", "callee"].isin(numbers).all()
    assert out["forwarded_to"].isna().all()  # only terminating legs are forwarded
    assert not cdr.duplicated(["caller", "callee", "start_time", "direction"]).any()


def _legs(small_dir: Path) -> tuple[object, object, object]:
    cdr = pq.read_table(small_dir / "cdr.parquet").to_pandas()
    truth = pq.read_table(small_dir / "truth.parquet").to_pandas()
    subs = pq.read_table(small_dir / "subscribers.parquet").to_pandas()
    cdr["served"] = np.where(cdr["direction"] == "out", cdr["caller"], cdr["callee"])
    return cdr, truth, subs


def test_simbox_many_sims_behind_few_imeis_one_cell_nothing_answered(small_dir: Path) -> None:
    cdr, truth, _ = _legs(small_dir)
    boxes = set(truth.loc[truth["role"] == "simbox", "entity"])
    legs = cdr[cdr["served"].isin(boxes)]
    sims_per_imei = legs.groupby("imei")["served"].nunique()
    assert sims_per_imei.median() >= 4
    assert legs.groupby("served")["cell_id"].nunique().median() <= 2
    incoming = legs[legs["direction"] == "in"]
    assert (incoming["duration_s"] == 0).all()
    out = legs[legs["direction"] == "out"]
    assert (out["duration_s"] < 30).mean() > 0.6


def test_fraud_cards_come_in_fresh_batches_of_consecutive_numbers(small_dir: Path) -> None:
    _, truth, subs = _legs(small_dir)
    cards = subs[subs["msisdn"].isin(truth.loc[truth["role"] == "fraud_sim", "entity"])]
    blocks = cards.groupby([cards["msisdn"].str[:-3], cards["activation_date"]]).size()
    assert blocks.max() >= 3
    start = np.datetime64(SMALL.start.isoformat())
    age = (np.datetime64("today") - start).astype(int)
    assert age > 0  # sanity: the window is in the past
    activated = cards["activation_date"].astype("datetime64[ns]").to_numpy()
    assert (activated >= start - np.timedelta64(30, "D")).mean() > 0.8


def test_abused_lines_forward_abroad_and_call_over_voip(small_dir: Path) -> None:
    cdr, truth, subs = _legs(small_dir)
    lines = set(truth.loc[truth["role"] == "abused_enterprise_line", "entity"])
    kinds = subs.loc[subs["msisdn"].isin(lines), "line_type"]
    assert set(kinds) <= {"enterprise_fixed", "cloud_voice"}
    legs = cdr[cdr["served"].isin(lines)]
    fwd = legs["forwarded_to"].dropna()
    assert len(fwd) and (~fwd.str.startswith("+86")).mean() > 0.8
    out = legs[legs["direction"] == "out"]
    assert (out["ingress"] == "voip").mean() > 0.5


def test_victims_get_a_long_call_then_go_quiet(small_dir: Path) -> None:
    cdr, truth, _ = _legs(small_dir)
    victims = truth.loc[truth["role"] == "victim", "entity"]
    assert len(victims) >= 3
    for number in victims:
        mine = cdr[cdr["served"] == number]
        long_calls = mine[(mine["direction"] == "in") & (mine["duration_s"] >= 1500)]
        quiet_after = []
        for start in long_calls["start_time"]:
            after = mine[
                (mine["direction"] == "out")
                & (mine["start_time"] > start)
                & (mine["start_time"] <= start + np.timedelta64(36, "h"))
            ]
            quiet_after.append(len(after) <= 1)  # at most one call, back to the den
        assert any(quiet_after), number


def test_durations_are_not_rounded(small_dir: Path) -> None:
    cdr, _, _ = _legs(small_dir)
    answered = cdr.loc[cdr["duration_s"] > 0, "duration_s"]
    assert (answered % 10 == 0).mean() < 0.2


def test_normal_users_are_not_easy(small_dir: Path) -> None:
    """Couriers and telemarketers make many short calls too; couriers' SMS go unanswered."""
    cdr, truth, _ = _legs(small_dir)
    seg = truth.set_index("entity")["segment"]
    out = cdr[cdr["direction"] == "out"].copy()
    out["segment"] = out["served"].map(seg)
    per_day = out.groupby("served").size() / SMALL.days
    per_seg = per_day.groupby(seg.reindex(per_day.index)).median()
    assert per_seg["courier"] > 10 and per_seg["telemarketer"] > 20
    assert per_seg["family"] < 5


def test_config_is_validated() -> None:
    with pytest.raises(InvalidInputError) as err:
        ScenarioConfig(subscribers=10, stealth=2.0, mix={"nobody": 1.0}).validate()
    assert err.value.code == "CDR.SCENARIO_INVALID"
    assert len(err.value.details["problems"]) == 4


def test_parse_mix() -> None:
    assert parse_mix("family=0.5, courier=0.2", NORMAL_SEGMENTS) == {"family": 0.5, "courier": 0.2}
    with pytest.raises(InvalidInputError):
        parse_mix("aliens=1", NORMAL_SEGMENTS)
    with pytest.raises(InvalidInputError):
        parse_mix("family=lots", NORMAL_SEGMENTS)
    assert set(DEFAULT_MIX) == set(NORMAL_SEGMENTS)


def test_no_fraud_at_all_still_works() -> None:
    result = simulate(seed=1, subscribers=300, days=2, fraud_share=0.0)
    assert set(result.truth.column("role").to_pylist()) == {"normal"}


def test_corporate_gateways_look_like_sim_boxes_but_keep_their_cards(small_dir: Path) -> None:
    cdr, truth, subs = _legs(small_dir)
    gateways = set(truth.loc[truth["segment"] == "gateway", "entity"])
    assert gateways and set(truth.loc[truth["entity"].isin(gateways), "role"]) == {"normal"}
    legs = cdr[cdr["served"].isin(gateways)]
    assert (legs.loc[legs["direction"] == "in", "duration_s"] == 0).all()  # never answers
    assert (legs.groupby("served")["imei"].nunique() == 1).all()  # one port each, for good
    assert (legs.groupby("imei")["served"].nunique() == 1).all()
    activated = subs.loc[subs["msisdn"].isin(gateways), "activation_date"]
    assert (activated < SMALL.start).all()
