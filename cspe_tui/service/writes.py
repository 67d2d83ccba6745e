"""The client's writes: the store's convenience methods, each one typed command sent to `execute`.

They return what the in-process store's methods return. A score's new cell comes from
the pushed events (the service pushes a change to its followers before it acknowledges
the write), so a keypress costs one request and no reload.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cspe_tui.domain import commands as c
from cspe_tui.domain.cijfers import NormeringKey
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import AanvullingAdded, Declared, GroupClosed, GroupCreated, MeldingAdded, RemarkAdded
from cspe_tui.domain.group import Aanvulling, Candidate, Cell, GroupState, Melding, Remark, Sluiting, Verklaring, Werkwijze
from cspe_tui.domain.new_group import overlap_message, overlaps
from cspe_tui.domain.group_notes import Ondersteuning, Withdrawal
from cspe_tui.domain.normering import Normering
from cspe_tui.domain.settings import Settings
from cspe_tui.domain.validation import MAX_FILE_BYTES, check_model_bytes
from cspe_tui.store import FolderScope, GroupScope, Scope
from cspe_tui.store.errors import (
    InvalidInput,
    InvalidScore,
    ModelImportError,
    NeedsConfirmation,
    PermissionDenied,
    UnknownRemark,
)

from .commands import decode_events, scope_payload


def _score_command(cls: type, **fields: Any) -> Any:
    try:
        return cls(**fields)
    except ValidationError:
        raise InvalidScore(f"Een score is een geheel getal (gekregen: {fields.get('value')!r}).") from None


class Writes:
    """Mixed into ServiceClient, which provides `_conn`, `user` and `_state`."""

    user: str

    def execute(self, scope: Scope, actor_login: str | None = None, *commands: Any) -> list[Any]:
        """The one write path. `actor_login` is not sent: the service knows who you are from the kernel."""
        if actor_login is not None and actor_login != self.user:
            raise PermissionDenied(
                f"Werken als een andere gebruiker ({actor_login}) kan niet via de cspe-dienst; "
                f"je werkt altijd als jezelf ({self.user})."
            )
        payload = [command.model_dump(mode="json") for command in commands]
        result = self._conn.call("execute", scope=scope_payload(scope), commands=payload)  # type: ignore[attr-defined]
        return decode_events(result)

    def _group_cmd(self, group_id: str, *commands: Any) -> list[Any]:
        return self.execute(GroupScope(group_id=group_id), None, *commands)

    def _folder_cmd(self, *commands: Any) -> list[Any]:
        return self.execute(FolderScope(), None, *commands)

    def _cell(self, group_id: str, examennummer: str, code: str) -> Cell:
        return self._state(group_id).cell(examennummer, code)  # type: ignore[attr-defined]

    def _remark(self, group_id: str, remark_id: str) -> Remark:
        for remark in self._state(group_id).remarks:  # type: ignore[attr-defined]
            if remark.id == remark_id:
                return remark
        raise UnknownRemark(f"Opmerking {remark_id} bestaat niet in groep {group_id}.")

    # --- group commands ---------------------------------------------------------------

    def set_score(self, group_id: str, examennummer: str, code: str, value: int | None) -> Cell:
        self._group_cmd(group_id, _score_command(c.SetScore, examennummer=examennummer, criterium=code, value=value))
        return self._cell(group_id, examennummer, code)

    def set_vastgesteld(self, group_id: str, examennummer: str, code: str, value: int | None, expected: Cell) -> Cell:
        command = _score_command(c.SetVastgesteld, examennummer=examennummer, criterium=code, value=value, expected=expected)
        self._group_cmd(group_id, command)
        return self._cell(group_id, examennummer, code)

    def accept_all(self, group_id: str, examennummer: str) -> dict[str, Cell]:
        events = self._group_cmd(group_id, c.AcceptAll(examennummer=examennummer))
        codes = [e.criterium for e in events if hasattr(e, "criterium")]
        return {code: self._cell(group_id, examennummer, code) for code in codes}

    def accept(self, group_id: str, examennummer: str, code: str, expected: Cell | None = None) -> Cell:
        self._group_cmd(group_id, c.Accept(examennummer=examennummer, criterium=code, expected=expected))
        return self._cell(group_id, examennummer, code)

    def set_ondersteuning(
        self, group_id: str, examennummer: str, verlengde_tijd: bool = False, aangepaste_opdracht: bool = False,
        tekst: str = "",
    ) -> Ondersteuning | None:
        command = c.SetOndersteuning(
            examennummer=examennummer, verlengde_tijd=verlengde_tijd, aangepaste_opdracht=aangepaste_opdracht, tekst=tekst or ""
        )
        self._group_cmd(group_id, command)
        return self._state(group_id).ondersteuning_for(examennummer)  # type: ignore[attr-defined]

    def withdraw_group(self, group_id: str, reden: str) -> Withdrawal:
        self._group_cmd(group_id, c.WithdrawGroup(reden=reden or ""))
        withdrawal = self._state(group_id).withdrawn  # type: ignore[attr-defined]
        assert withdrawal is not None
        return withdrawal

    def set_absent(self, group_id: str, examennummer: str, absent: bool) -> None:
        self._group_cmd(group_id, c.SetAbsent(examennummer=examennummer, absent=absent))

    def add_remark(self, group_id: str, examennummer: str, criterium: str | None, text: str) -> Remark:
        events = self._group_cmd(group_id, c.AddRemark(examennummer=examennummer, criterium=criterium, text=text or ""))
        return next(e.remark for e in events if isinstance(e, RemarkAdded))

    def reply_remark(self, group_id: str, remark_id: str, text: str) -> Remark:
        self._group_cmd(group_id, c.ReplyRemark(remark_id=remark_id, text=text or ""))
        return self._remark(group_id, remark_id)

    def resolve_remark(self, group_id: str, remark_id: str) -> Remark:
        self._group_cmd(group_id, c.ResolveRemark(remark_id=remark_id))
        return self._remark(group_id, remark_id)

    def declare(self, group_id: str) -> Verklaring:
        events = self._group_cmd(group_id, c.Declare())
        found = next((e.verklaring for e in events if isinstance(e, Declared)), None)
        if found is not None:
            return found
        state = self._state(group_id)  # type: ignore[attr-defined]
        role = state.role_of(self.user)
        return next(v for v in state.verklaringen if v.role is role)

    def close(self, group_id: str) -> Sluiting:
        events = self._group_cmd(group_id, c.Close())
        return next(e.sluiting for e in events if isinstance(e, GroupClosed))

    # --- folder commands --------------------------------------------------------------

    def remove_group(self, group_id: str) -> None:
        self._folder_cmd(c.RemoveGroup(group_id=group_id))

    def save_settings(self, settings: Settings) -> None:
        self._folder_cmd(c.SaveSettings(settings=settings))

    def import_model(self, path: Path) -> Correctiemodel:
        """The file is read here, as the user (it is theirs); the service gets the checked model."""
        path = Path(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ModelImportError(f"{path}: kan het bestand niet lezen ({exc.strerror}).") from None
        result = check_model_bytes(data)
        if result.model is None:
            problems = [p.render(path.name) for p in result.problems]
            raise ModelImportError(f"Het correctiemodel {path.name} is afgekeurd:\n" + "\n".join(problems), problems)
        self._folder_cmd(c.ImportModel(model=result.model))
        return self.model(result.model.key)  # type: ignore[attr-defined]

    def add_melding(self, model_key: ModelKey, opdracht: str, criterium: str | None, omschrijving: str, moment: str) -> Melding:
        command = c.AddMelding(
            model_key=model_key, opdracht=opdracht, criterium=criterium, omschrijving=omschrijving or "", moment=moment
        )
        return next(e.melding for e in self._folder_cmd(command) if isinstance(e, MeldingAdded))

    def add_aanvulling(self, model_key: ModelKey, criterium: str, tekst: str, datum: str) -> Aanvulling:
        command = c.AddAanvulling(model_key=model_key, criterium=criterium, tekst=tekst or "", datum=datum or "")
        return next(e.aanvulling for e in self._folder_cmd(command) if isinstance(e, AanvullingAdded))

    def set_normering(self, key: NormeringKey, normering: Normering) -> None:
        self._folder_cmd(c.SetNormering(key=key, normering=normering))

    def create_group(
        self,
        model_key: ModelKey,
        candidates: Iterable[Candidate],
        examinator: str,
        tweede: str,
        werkwijze: Werkwijze | str,
        herkansing: bool = False,
        group_id: str | None = None,
        confirmed: bool = False,
    ) -> GroupState:
        """As the in-process store: `NeedsConfirmation` while candidates have this onderdeel elsewhere."""
        items = getattr(candidates, "candidates", candidates)
        try:
            cands = [x if isinstance(x, Candidate) else Candidate.model_validate(x) for x in items]
            command = c.CreateGroup(
                model_key=model_key, candidates=cands, examinator=examinator, tweede=tweede,
                werkwijze=Werkwijze(werkwijze), herkansing=herkansing, group_id=group_id,
            )
        except ValidationError:
            raise InvalidInput("Elke kandidaat heeft een examennummer en een naam.") from None
        except ValueError:
            raise InvalidInput("Kies als werkwijze: gelijktijdig of achteraf.") from None
        if not confirmed:
            found = overlaps(model_key, herkansing, cands, self.load_groups()[0])  # type: ignore[attr-defined]
            if found:
                raise NeedsConfirmation(overlap_message(model_key, herkansing, found))
        created = next(e for e in self._folder_cmd(command) if isinstance(e, GroupCreated))
        return self.load_group(created.info.group_id)  # type: ignore[attr-defined]
