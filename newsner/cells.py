"""CSV cells made safe for spreadsheets, for every CSV newsner writes."""
from typing import Any

__all__ = ['neutralize', 'FORMULA_STARTS']

#: a spreadsheet reads a cell starting with one of these as a formula
FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def neutralize(value: Any) -> Any:
    """A CSV cell made inert for spreadsheets: "=cmd()" -> "'=cmd()", and so
    " =cmd()" (a spreadsheet skips spaces and line breaks before a formula)."""
    if isinstance(value, str) and len(value) > 1 and (
            value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)):
        return "'" + value
    return value
