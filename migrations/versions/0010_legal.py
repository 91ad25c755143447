"""legal pages: the operator's details, accessibility feedback, Leichte-Sprache summaries, sign-language videos

Revision ID: 0010_legal
Revises: 0009_report_exports
Create Date: 2026-12-03 20:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_legal'
down_revision = '0009_report_exports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_legal_settings'))
    )
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('page', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_feedback'))
    )
    op.create_table('easy_language_summaries',
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_easy_language_summaries_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('process_id', name=op.f('pk_easy_language_summaries'))
    )
    op.create_table('sign_language_videos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_language_videos'))
    )


def downgrade():
    op.drop_table('sign_language_videos')
    op.drop_table('easy_language_summaries')
    op.drop_table('accessibility_feedback')
    op.drop_table('legal_settings')
