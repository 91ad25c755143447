"""unique display names: an index on lower(display_name); existing duplicates get their account number appended

Revision ID: 0006_unique_display_names
Revises: 0005_reporting
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_unique_display_names'
down_revision = '0005_reporting'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('id', sa.Integer), sa.column('display_name', sa.String))


def _rename_duplicates(connection) -> None:
    """Keep the oldest account's name; later accounts with the same name (ignoring case) become "Name (id)"."""
    taken = set()
    renames = []
    rows = connection.execute(sa.select(users.c.id, users.c.display_name).order_by(users.c.id)).all()
    names = {name.casefold() for _id, name in rows}
    for user_id, name in rows:
        key = name.casefold()
        if key not in taken:
            taken.add(key)
            continue
        new = f"{name[:80 - len(str(user_id)) - 3]} ({user_id})"
        while new.casefold() in names or new.casefold() in taken:
            new = f"{new[:78]}_"
        taken.add(new.casefold())
        renames.append({"user_id": user_id, "name": new})
    if renames:
        connection.execute(users.update().where(users.c.id == sa.bindparam("user_id"))
                           .values(display_name=sa.bindparam("name")), renames)


def upgrade():
    _rename_duplicates(op.get_bind())
    op.create_index('uq_users_display_name_lower', 'users', [sa.text('lower(display_name)')], unique=True)


def downgrade():
    op.drop_index('uq_users_display_name_lower', table_name='users')
