"""report exports: background jobs that render the council report's files

Revision ID: 0009_report_exports
Revises: 0008_report_paper
Create Date: 2026-12-03 17:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_report_exports'
down_revision = '0008_report_paper'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('formats', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.SmallInteger(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('base_url', sa.String(length=500), nullable=True),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name=op.f('ck_report_exports_status_valid')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_report_exports_progress_range')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_report_exports_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_report_exports_started_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_exports'))
    )
    with op.batch_alter_table('report_exports', schema=None) as batch_op:
        batch_op.create_index('ix_report_exports_process_created', ['process_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('report_exports', schema=None) as batch_op:
        batch_op.drop_index('ix_report_exports_process_created')
    op.drop_table('report_exports')
