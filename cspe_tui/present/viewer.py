"""Who looks at a group: the column that is theirs, and what stays hidden from them."""

from __future__ import annotations

from cspe_tui.domain.group import GroupState, Role, may_see_other_column


class Viewer:
    """Who looks at a group: login and role decide which column is theirs and what is hidden."""

    def __init__(self, login: str, role: Role) -> None:
        self.login = login
        self.role = role

    def sees_other(self, state: GroupState, examennummer: str) -> bool:
        return may_see_other_column(state, examennummer, self.role)

    def owns(self, column: Role) -> bool:
        return self.role is column
