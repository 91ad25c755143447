"""open-data ZIP per process: the file's facts and the state of its latest background build

Revision ID: 0013_opendata_zip
Revises: 0012_mail_outbox
Create Date: 2026-12-03 20:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_opendata_zip'
down_revision = '0012_mail_outbox'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opendata_dumps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('base_url', sa.String(length=500), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.SmallInteger(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name=op.f('ck_opendata_dumps_status_valid')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_opendata_dumps_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opendata_dumps')),
    sa.UniqueConstraint('process_id', name=op.f('uq_opendata_dumps_process_id'))
    )


def downgrade():
    op.drop_table('opendata_dumps')
