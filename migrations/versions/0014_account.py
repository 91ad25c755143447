"""account self-service: users.deleted_at; the unique display-name index leaves deleted accounts out

Revision ID: 0014_account
Revises: 0013_opendata_zip
Create Date: 2026-12-03 20:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_account'
down_revision = '0013_opendata_zip'
branch_labels = None
depends_on = None

NOT_DELETED = sa.text('deleted_at IS NULL')


def upgrade():
    # The expression index first: SQLite's batch mode cannot reflect it and would lose it on a table rebuild.
    op.drop_index('uq_users_display_name_lower', table_name='users')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('uq_users_display_name_lower', 'users', [sa.text('lower(display_name)')], unique=True,
                    sqlite_where=NOT_DELETED, postgresql_where=NOT_DELETED)


def downgrade():
    # Deleted accounts share one name; give each its number so the full unique index can be built again.
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('display_name', sa.String),
                     sa.column('deleted_at', sa.DateTime))
    op.get_bind().execute(users.update().where(users.c.deleted_at.is_not(None))
                          .values(display_name=users.c.display_name + ' ' + sa.cast(users.c.id, sa.String)))
    op.drop_index('uq_users_display_name_lower', table_name='users')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    op.create_index('uq_users_display_name_lower', 'users', [sa.text('lower(display_name)')], unique=True)
