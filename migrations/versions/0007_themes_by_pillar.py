"""themes by pillar: analysis themes belong to a pillar (or none: cross-cutting); analysed items say why they
were kept out of the themes and which of them are the theme's quotes

Revision ID: 0007_themes_by_pillar
Revises: 0006_unique_display_names
Create Date: 2026-12-03 17:15:05

Existing runs keep working: their themes become cross-cutting (topic_id NULL) and their representative
items stay the quotes (the read queries fall back to them when no item has a quote rank).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_themes_by_pillar'
down_revision = '0006_unique_display_names'
branch_labels = None
depends_on = None

EXCLUSION_VALID = "exclusion IS NULL OR exclusion IN ('no_words', 'short', 'stock_reply')"


def upgrade():
    with op.batch_alter_table('analysis_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exclusion', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('quote_rank', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('quote', sa.Text(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_analysis_items_exclusion_valid'), sa.text(EXCLUSION_VALID))

    with op.batch_alter_table('analysis_themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_analysis_themes_topic_id_topics'), 'topics', ['topic_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('analysis_themes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_analysis_themes_topic_id_topics'), type_='foreignkey')
        batch_op.drop_column('topic_id')

    with op.batch_alter_table('analysis_items', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_analysis_items_exclusion_valid'), type_='check')
        batch_op.drop_column('quote')
        batch_op.drop_column('quote_rank')
        batch_op.drop_column('exclusion')
