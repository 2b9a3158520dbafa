"""Possible duplicates of people and merges: the two tables, and Person.duplicate_key
filled for the people already registered (in batches; rerunnable, it recomputes every key).

The key's rule comes from ``jastar.registry.duplicates``, a pure module without models. If
the rule ever changes, a new migration recomputes the keys the same way.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from jastar.registry.duplicates import blocking_key

BATCH = 2_000


def fill_duplicate_keys(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    # A plain UPDATE per changed row, sent in one batch: bulk_update's CASE expressions
    # cost minutes at 432,000 people.
    update = (
        f"UPDATE {quote(Person._meta.db_table)} SET {quote('duplicate_key')} = %s "
        f"WHERE {quote('id')} = %s"
    )
    last_id = 0
    while True:
        batch = list(
            Person.objects.using(connection.alias)
            .filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "birth_date", "last_name", "first_name", "duplicate_key")[:BATCH]
        )
        if not batch:
            return
        changed = [
            (key, pk)
            for pk, born, last, first, stored in batch
            if (key := blocking_key(born, last, first)) != stored
        ]
        if changed:
            with connection.cursor() as cursor:
                cursor.executemany(update, changed)
        last_id = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_person_personal_data_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonMerge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('removed_person_id', models.BigIntegerField(db_index=True, verbose_name='id of the removed person')),
                ('removed_iin', models.CharField(db_index=True, max_length=12, verbose_name='IIN of the removed person')),
                ('snapshot', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name="removed person's record")),
                ('moved', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='records moved')),
                ('filled', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='fields filled in')),
                ('merged_at', models.DateTimeField(verbose_name='merged at')),
            ],
            options={
                'verbose_name': 'merge of people',
                'verbose_name_plural': 'merges of people',
                'ordering': ['-merged_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PossibleDuplicate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('score', models.PositiveSmallIntegerField(verbose_name='name similarity, %')),
                ('reason', models.CharField(choices=[('same_name', 'Same name in another script or spelling'), ('swapped', 'Last and first name swapped'), ('similar', 'Similar name')], max_length=16, verbose_name='reason')),
                ('status', models.CharField(choices=[('open', 'To review'), ('merged', 'Merged'), ('dismissed', 'Different people')], db_index=True, default='open', max_length=16, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
                'ordering': ['-score', '-id'],
            },
        ),
        migrations.AddField(
            model_name='person',
            name='duplicate_key',
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name='duplicate search key'),
        ),
        # Reversing AddField drops the column, so the fill has nothing to undo.
        migrations.RunPython(fill_duplicate_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['duplicate_key'], name='person_duplicate_key_idx'),
        ),
        migrations.AddField(
            model_name='personmerge',
            name='kept',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='merges', to='registry.person', verbose_name='kept person'),
        ),
        migrations.AddField(
            model_name='personmerge',
            name='merged_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='merged by'),
        ),
        migrations.AddField(
            model_name='possibleduplicate',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='possibleduplicate',
            name='merge',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='duplicates', to='registry.personmerge', verbose_name='merge'),
        ),
        migrations.AddField(
            model_name='possibleduplicate',
            name='person_a',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.person', verbose_name='first person'),
        ),
        migrations.AddField(
            model_name='possibleduplicate',
            name='person_b',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.person', verbose_name='second person'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.UniqueConstraint(fields=('person_a', 'person_b'), name='duplicate_pair_once'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.CheckConstraint(condition=models.Q(('person_a__isnull', True), ('person_b__isnull', True), ('person_a__lt', models.F('person_b')), _connector='OR'), name='duplicate_pair_ordered'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.CheckConstraint(condition=models.Q(('score__lte', 100)), name='duplicate_score_percent'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'merged', 'dismissed'])), name='duplicate_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['same_name', 'swapped', 'similar'])), name='duplicate_reason_valid'),
        ),
        migrations.AddConstraint(
            model_name='possibleduplicate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_at__isnull', True), ('status', 'open')), models.Q(models.Q(('status', 'open'), _negated=True), ('decided_at__isnull', False)), _connector='OR'), name='duplicate_decided_when_closed'),
        ),
    ]
