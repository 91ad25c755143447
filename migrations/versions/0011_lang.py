"""English texts of processes, phases, topics and surveys (language of parts)

Revision ID: 0011_lang
Revises: 0010_legal
Create Date: 2026-12-03 20:30:00

Nullable columns only: existing rows keep their German texts, which the English interface shows
(marked lang="de") until an English text is filled in.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_lang'
down_revision = '0010_legal'
branch_labels = None
depends_on = None

COLUMNS = {
    'processes': [('title_en', sa.String(length=200)), ('summary_en', sa.String(length=500)),
                  ('description_en', sa.Text())],
    'phases': [('description_en', sa.Text())],
    'topics': [('title_en', sa.String(length=120)), ('description_en', sa.Text())],
    'surveys': [('title_en', sa.String(length=200)), ('description_en', sa.Text())],
    'survey_sections': [('title_en', sa.String(length=200)), ('description_en', sa.Text())],
    'survey_questions': [('text_en', sa.String(length=500)), ('help_text_en', sa.Text())],
}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade():
    for table, columns in reversed(list(COLUMNS.items())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(columns):
                batch_op.drop_column(name)
