"""A correctiemodel file and a request to the service say the same Dutch for the same pydantic error."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cspe_tui.domain.validation import problems_from_validation_error
from cspe_tui.service.dutch import first_problem
from cspe_tui.service.protocol import ProtocolError
from cspe_tui.service.reads import decode, decode_entries


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: str = Field(min_length=1, max_length=5)
    soort: Literal["praktisch", "schriftelijk"] = "praktisch"
    weging: float = Field(default=1.0, ge=0.5)
    delen: list[int] = Field(default_factory=lambda: [1], min_length=1, max_length=2)


@pytest.mark.parametrize(
    "data, phrase",
    [
        ({}, "verplicht veld ontbreekt"),
        ({"naam": "x", "kleur": "rood"}, "onbekend veld (tikfout?); toegestaan zijn alleen de velden uit het formaat"),
        ({"naam": ""}, "mag niet leeg zijn"),
        ({"naam": "zeslang"}, "mag hoogstens 5 tekens lang zijn"),
        ({"naam": "x", "soort": "mondeling"}, "moet een van deze waarden zijn: praktisch, schriftelijk"),
        ({"naam": "x", "weging": 0.25}, "moet minstens 0,5 zijn"),
        ({"naam": "x", "delen": []}, "moet minstens één element bevatten"),
        ({"naam": "x", "delen": [1, 2, 3]}, "mag hoogstens 2 elementen hebben"),
        ({"naam": "x", "delen": ["een"]}, "moet een geheel getal zijn"),
    ],
)
def test_a_file_and_a_request_use_one_phrase_per_error(data, phrase):
    with pytest.raises(ValidationError) as info:
        Thing.model_validate(data)
    [problem] = problems_from_validation_error(info.value)
    in_a_file = problem.message.split(" (gevonden: ")[0]
    in_a_request = first_problem(info.value, "bericht").split(": ", 1)[1]
    assert in_a_file == in_a_request == phrase


def test_an_answer_the_client_cannot_read_is_named_in_dutch():
    with pytest.raises(ProtocolError) as entries:
        decode_entries([{"seq": "een"}])
    with pytest.raises(ProtocolError) as answer:
        decode("group_ids", {"geen": "lijst"})
    assert str(entries.value).startswith("Onverwachte logregels van de cspe-dienst: 0.seq: moet een geheel getal zijn")
    assert str(answer.value) == "Onverwacht antwoord van de cspe-dienst op group_ids: antwoord: moet een lijst zijn."
