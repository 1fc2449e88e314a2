from django.db import migrations

# The standards OTOP and community products commonly hold; administrators add more.
STANDARDS = [
    ("fda", "อย. (สำนักงานคณะกรรมการอาหารและยา)"),
    ("tcps", "มผช. (มาตรฐานผลิตภัณฑ์ชุมชน)"),
    ("tis", "มอก. (มาตรฐานผลิตภัณฑ์อุตสาหกรรม)"),
    ("halal", "ฮาลาล (Halal)"),
    ("gap", "GAP (การปฏิบัติทางการเกษตรที่ดี)"),
    ("gmp", "GMP (หลักเกณฑ์วิธีการที่ดีในการผลิต)"),
    ("organic", "Organic Thailand (เกษตรอินทรีย์)"),
]


def seed(apps, schema_editor):
    Standard = apps.get_model("clients", "Standard")
    for code, name in STANDARDS:
        Standard.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
