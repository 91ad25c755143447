"""reporting: analysis runs (themes, analysed items), reference distributions, council report drafts

Revision ID: 0005_reporting
Revises: 0004_moderation
Create Date: 2026-11-25 18:59:14.979166

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_reporting'
down_revision = '0004_moderation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('analysis_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.SmallInteger(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name=op.f('ck_analysis_runs_status_valid')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_analysis_runs_progress_range')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_analysis_runs_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_analysis_runs_started_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_runs')),
    sa.UniqueConstraint('process_id', 'version', name=op.f('uq_analysis_runs_process_id_version'))
    )
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_runs_process_status', ['process_id', 'status'], unique=False)

    op.create_table('reference_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('share', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("dimension IN ('age_group', 'district')", name=op.f('ck_reference_shares_dimension_valid')),
    sa.CheckConstraint('share >= 0 AND share <= 100', name=op.f('ck_reference_shares_share_range')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_reference_shares_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_shares')),
    sa.UniqueConstraint('process_id', 'dimension', 'category', name=op.f('uq_reference_shares_process_id_dimension_category'))
    )
    with op.batch_alter_table('reference_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_shares_process_id'), ['process_id'], unique=False)

    op.create_table('report_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('report_date', sa.Date(), nullable=True),
    sa.Column('betreff', sa.String(length=500), nullable=True),
    sa.Column('antrag', sa.Text(), nullable=True),
    sa.Column('beratungsfolge', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('mitteilung', 'beschlussvorlage')", name=op.f('ck_report_drafts_kind_valid')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_report_drafts_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_drafts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_drafts')),
    sa.UniqueConstraint('process_id', name=op.f('uq_report_drafts_process_id'))
    )
    op.create_table('analysis_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('original_label', sa.String(length=120), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_analysis_themes_run_id_analysis_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_themes')),
    sa.UniqueConstraint('run_id', 'key', name=op.f('uq_analysis_themes_run_id_key'))
    )
    with op.batch_alter_table('analysis_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_themes_run_id'), ['run_id'], unique=False)

    op.create_table('analysis_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('excerpt', sa.String(length=300), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('x', sa.Float(), nullable=True),
    sa.Column('y', sa.Float(), nullable=True),
    sa.Column('representative', sa.Boolean(), nullable=False),
    sa.Column('moved', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('proposal', 'comment', 'survey')", name=op.f('ck_analysis_items_kind_valid')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_analysis_items_district_id_districts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_analysis_items_run_id_analysis_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['analysis_themes.id'], name=op.f('fk_analysis_items_theme_id_analysis_themes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_analysis_items_topic_id_topics'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_items'))
    )
    with op.batch_alter_table('analysis_items', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_items_run_district', ['run_id', 'district_id'], unique=False)
        batch_op.create_index('ix_analysis_items_run_theme', ['run_id', 'theme_id', 'id'], unique=False)
        batch_op.create_index('ix_analysis_items_run_topic_theme', ['run_id', 'topic_id', 'theme_id'], unique=False)



def downgrade():
    with op.batch_alter_table('analysis_items', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_items_run_topic_theme')
        batch_op.drop_index('ix_analysis_items_run_theme')
        batch_op.drop_index('ix_analysis_items_run_district')

    op.drop_table('analysis_items')
    with op.batch_alter_table('analysis_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_themes_run_id'))

    op.drop_table('analysis_themes')
    op.drop_table('report_drafts')
    with op.batch_alter_table('reference_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_shares_process_id'))

    op.drop_table('reference_shares')
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_runs_process_status')

    op.drop_table('analysis_runs')
