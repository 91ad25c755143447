"""council paper: Federführung, signature, related papers (Bezug) and the council texts of the report draft

Revision ID: 0008_report_paper
Revises: 0007_themes_by_pillar
Create Date: 2026-12-03 17:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_report_paper'
down_revision = '0007_themes_by_pillar'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('federfuehrung', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('signature_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('signature_role', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('related_papers', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('anlass', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('next_steps', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.drop_column('next_steps')
        batch_op.drop_column('anlass')
        batch_op.drop_column('related_papers')
        batch_op.drop_column('signature_role')
        batch_op.drop_column('signature_name')
        batch_op.drop_column('federfuehrung')
