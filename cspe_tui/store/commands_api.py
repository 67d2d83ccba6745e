"""The convenience writes, each one typed command for `self.user` sent through `execute`.

The in-process Store and the service client both inherit them, so a wrapper is built
once: they differ only in `execute`, in how they read a group back (`_state`) and in
how a new group is made (`_create_group`). What a wrapper returns is read back from the
state after the write (the store's folded state, or the client's pushed events).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from cspe_tui.domain import commands as c
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import AanvullingAdded, Declared, GroupClosed, MeldingAdded, RemarkAdded
from cspe_tui.domain.group import Aanvulling, Candidate, Cell, GroupState, Melding, Remark, Sluiting, Verklaring, Werkwijze
from cspe_tui.domain.group_notes import Ondersteuning, Withdrawal
from cspe_tui.domain.new_group import herkansing_check, overlap_message, overlaps
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.settings import Settings
from cspe_tui.domain.validation import MAX_FILE_BYTES, check_model_bytes

from .errors import InvalidInput, InvalidScore, ModelImportError, NeedsConfirmation, UnknownRemark
from .fs import os_reason
from .scope import FolderScope, GroupScope, Scope


class RecordCommands(Protocol):
    """The base class of Store and ServiceClient, which provide the members declared without a body.

    A base class, not an object of its own: these wrappers are the writes the screens call on
    either backend (`store.set_score(...)`), the same code for both, so the two cannot drift;
    each is one command through `execute` and reads the answer back with `_state`.
    """

    user: str

    def execute(self, scope: Scope, actor_login: str, *commands: Any) -> list[Any]: ...
    def _state(self, group_id: str) -> GroupState: ...
    def _create_group(self, command: c.CreateGroup) -> GroupState: ...
    def model(self, key: ModelKey) -> Correctiemodel: ...
    def load_groups(self) -> tuple[list[GroupState], dict[str, Exception]]: ...

    def _in_group(self, group_id: str, *commands: Any, commits: list[Any] | None = None) -> list[Any]:
        """`commits`: the caller's list, given the Committed so a screen folds it instead of reading it back."""
        committed = self.execute(GroupScope(group_id=group_id), self.user, *commands)
        if commits is not None:
            commits.append(committed)
        return committed

    def _in_folder(self, *commands: Any) -> list[Any]:
        return self.execute(FolderScope(), self.user, *commands)

    def _cell(self, group_id: str, examennummer: str, code: str) -> Cell:
        return self._state(group_id).cell(examennummer, code)

    def _remark(self, group_id: str, remark_id: str) -> Remark:
        for remark in self._state(group_id).remarks:
            if remark.id == remark_id:
                return remark
        raise UnknownRemark(f"Opmerking {remark_id} bestaat niet in groep {group_id}.")

    # --- group commands ------------------------------------------------------------------

    def set_score(self, group_id: str, examennummer: str, code: str, value: int | None) -> Cell:
        """Write the user's own column (examinator or tweede); None clears it."""
        self._in_group(group_id, _score_command(c.SetScore, examennummer=examennummer, criterium=code, value=value))
        return self._cell(group_id, examennummer, code)

    def set_vastgesteld(self, group_id: str, examennummer: str, code: str, value: int | None, expected: Cell) -> Cell:
        """Fix the agreed score; refused with ConflictError if the cell is no longer what the user saw."""
        command = _score_command(c.SetVastgesteld, examennummer=examennummer, criterium=code, value=value, expected=expected)
        self._in_group(group_id, command)
        return self._cell(group_id, examennummer, code)

    def accept_all(self, group_id: str, examennummer: str) -> dict[str, Cell]:
        """Achteraf, the tweede: examinator 1's open scores of one candidate become vastgesteld, in one transaction."""
        events = self._in_group(group_id, c.AcceptAll(examennummer=examennummer))
        codes = [e.criterium for e in events if hasattr(e, "criterium")]
        return {code: self._cell(group_id, examennummer, code) for code in codes}

    def accept(self, group_id: str, examennummer: str, code: str, expected: Cell | None = None) -> Cell:
        """Achteraf, the tweede: akkoord with examinator 1's score of one criterium."""
        self._in_group(group_id, c.Accept(examennummer=examennummer, criterium=code, expected=expected))
        return self._cell(group_id, examennummer, code)

    def set_ondersteuning(
        self,
        group_id: str,
        examennummer: str,
        verlengde_tijd: bool = False,
        aangepaste_opdracht: bool = False,
        tekst: str = "",
        commits: list[Any] | None = None,
    ) -> Ondersteuning | None:
        """The examensecretaris notes extra faciliteiten; all empty removes the note."""
        command = c.SetOndersteuning(
            examennummer=examennummer, verlengde_tijd=verlengde_tijd, aangepaste_opdracht=aangepaste_opdracht, tekst=tekst or ""
        )
        self._in_group(group_id, command, commits=commits)
        return self._state(group_id).ondersteuning_for(examennummer)

    def withdraw_group(self, group_id: str, reden: str) -> Withdrawal:
        """Mark a group vervallen: kept and logged, no further change, left out of the cijferlijst."""
        self._in_group(group_id, c.WithdrawGroup(reden=reden or ""))
        withdrawal = self._state(group_id).withdrawn
        assert withdrawal is not None
        return withdrawal

    def set_absent(self, group_id: str, examennummer: str, absent: bool) -> None:
        self._in_group(group_id, c.SetAbsent(examennummer=examennummer, absent=absent))

    def add_remark(
        self, group_id: str, examennummer: str, criterium: str | None, text: str, commits: list[Any] | None = None
    ) -> Remark:
        command = c.AddRemark(examennummer=examennummer, criterium=criterium, text=text or "")
        events = self._in_group(group_id, command, commits=commits)
        return next(e.remark for e in events if isinstance(e, RemarkAdded))

    def reply_remark(self, group_id: str, remark_id: str, text: str, commits: list[Any] | None = None) -> Remark:
        self._in_group(group_id, c.ReplyRemark(remark_id=remark_id, text=text or ""), commits=commits)
        return self._remark(group_id, remark_id)

    def resolve_remark(self, group_id: str, remark_id: str, commits: list[Any] | None = None) -> Remark:
        self._in_group(group_id, c.ResolveRemark(remark_id=remark_id), commits=commits)
        return self._remark(group_id, remark_id)

    def declare(self, group_id: str, commits: list[Any] | None = None) -> Verklaring:
        """'I scored according to the correctievoorschrift', for the user's own role in the group."""
        events = self._in_group(group_id, c.Declare(), commits=commits)
        found = next((e.verklaring for e in events if isinstance(e, Declared)), None)
        if found is not None:
            return found
        state = self._state(group_id)
        role = state.role_of(self.user)
        return next(v for v in state.verklaringen if v.role is role)

    def close(self, group_id: str, commits: list[Any] | None = None) -> Sluiting:
        """Close for good, with a seal over the content; refused while anything blocks closing."""
        events = self._in_group(group_id, c.Close(), commits=commits)
        return next(e.sluiting for e in events if isinstance(e, GroupClosed))

    # --- folder commands -----------------------------------------------------------------

    def remove_group(self, group_id: str) -> None:
        """Only when nothing was done in it; the record of its creation stays in the folder log."""
        self._in_folder(c.RemoveGroup(group_id=group_id))

    def save_settings(self, settings: Settings) -> None:
        self._in_folder(c.SaveSettings(settings=settings))

    def set_uitslag(self, profielvak: str, leerweg: str, jaar: int, datum: date) -> None:
        """The date of the uitslag of one cspe (examensecretaris); keeping its records runs six months from it."""
        self._in_folder(c.SetUitslag(profielvak=profielvak, leerweg=leerweg, jaar=jaar, datum=datum))

    def record_archive(self, group_id: str, manifest_sha256: str) -> None:
        self._in_folder(c.RecordArchive(group_id=group_id, manifest_sha256=manifest_sha256))

    def import_model(self, path: Path) -> Correctiemodel:
        """The file is read here, as the user (it is theirs); what is logged is the checked model."""
        path = Path(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ModelImportError(f"{path}: kan het bestand niet lezen ({os_reason(exc)}).") from None
        result = check_model_bytes(data)
        if result.model is None:
            problems = [p.render(path.name) for p in result.problems]
            raise ModelImportError(f"Het correctiemodel {path.name} is afgekeurd:\n" + "\n".join(problems), problems)
        self._in_folder(c.ImportModel(model=result.model))
        return self.model(result.model.key)

    def add_melding(self, model_key: ModelKey, opdracht: str, criterium: str | None, omschrijving: str, moment: str) -> Melding:
        command = c.AddMelding(
            model_key=model_key, opdracht=opdracht, criterium=criterium, omschrijving=omschrijving or "", moment=moment
        )
        return next(e.melding for e in self._in_folder(command) if isinstance(e, MeldingAdded))

    def add_aanvulling(
        self, model_key: ModelKey, criterium: str, tekst: str, datum: str, commits: list[Any] | None = None
    ) -> Aanvulling:
        """Record a CvTE aanvulling; the open groups of the model get it too (closed ones stay as sealed).

        `commits` gets the folder's Committed; its `carried` names what each open group committed."""
        command = c.AddAanvulling(model_key=model_key, criterium=criterium, tekst=tekst or "", datum=datum or "")
        committed = self._in_folder(command)
        if commits is not None:
            commits.append(committed)
        return next(e.aanvulling for e in committed if isinstance(e, AanvullingAdded))

    def set_normering(self, key: NormeringKey, normering: Normering) -> None:
        """N and L of one combination (first afname per versie, or a herkansing combination)."""
        self._in_folder(c.SetNormering(key=key, normering=normering))

    def withdraw_normering(self, key: NormeringKey, reden: str) -> None:
        """Withdraw a combination's N and L entered by mistake; logged with the reason, history kept."""
        self._in_folder(c.WithdrawNormering(key=key, reden=reden or ""))

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
        """Decided and logged in the folder log; the new group's folder starts with the same event.

        `NeedsConfirmation` (nothing made) when candidates already have this onderdeel in another
        group of the same kind, or a herkansing comes too early (see `herkansing_check`);
        `confirmed=True` makes it anyway (an inhaal, a split class). A herkansing in the versie of the
        candidates' first afname is refused."""
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
        self._refuse_taken_group_id(group_id)
        groups: list[GroupState] | None = None
        if herkansing:
            groups = self.load_groups()[0]
            check = herkansing_check(model_key, cands, groups)
            if check.refusal is not None:
                raise InvalidInput(check.refusal)
        if not confirmed:
            groups = self.load_groups()[0] if groups is None else groups
            warnings = list(check.warnings) if herkansing else []
            found = overlaps(model_key, herkansing, cands, groups)
            if found:
                warnings.insert(0, overlap_message(model_key, herkansing, found))
            if warnings:
                raise NeedsConfirmation("\n".join(warnings))
        return self._create_group(command)

    def _refuse_taken_group_id(self, group_id: str | None) -> None:
        """The in-process store refuses a taken name before asking about overlap; the service when it creates."""


def _score_command(cls: type, **fields: Any) -> Any:
    """A score command; a value that is no whole number gets the same Dutch refusal as decide gives."""
    try:
        return cls(**fields)
    except ValidationError:
        raise InvalidScore(f"Een score is een geheel getal (gekregen: {fields.get('value')!r}).") from None
