"""``field__any_of=[...]``: ``IN`` for long lists of values, as one array on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


@Field.register_lookup
class AnyOf(In[Any]):
    """The field equals one of the values: ``filter(iin__any_of=iins)``.

    The same rows as ``__in``. On PostgreSQL the values go as one array parameter,
    ``= ANY(%s::type[])``: a batch of a thousand IINs is one placeholder for the driver to
    send and for the server to parse and plan, instead of a thousand. The array is typed
    as the column, so the column's index is used. Elsewhere it is ``IN``.
    """

    lookup_name = "any_of"

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        if self.rhs_is_direct_value():
            values = [v for v in self.rhs if v is not None]
            if not values:
                raise EmptyResultSet
            field = self.lhs.output_field
            lhs, lhs_params = self.process_lhs(compiler, connection)
            prepared = [field.get_db_prep_value(v, connection, prepared=True) for v in values]
            return f"{lhs} = ANY(%s::{field.db_type(connection)}[])", [*lhs_params, prepared]
        sql, params = self.as_sql(compiler, connection)
        return sql, list(params)
