from django.db import migrations

# The eight services of the design, in the seed's words; administrators add more in the admin.
SERVICE_TYPES = [
    # code, Thai, English, target days normal, urgent
    ("consultation", "ให้คำปรึกษาแนะนำ", "Consultation and advice", 7, 2),
    ("knowledge", "องค์ความรู้และการฝึกอบรม", "Knowledge and training", 30, 7),
    ("funding", "การเข้าถึงแหล่งทุน", "Access to funding", 30, 7),
    ("production", "เชื่อมโยงแหล่งผลิต", "Production linkage", 30, 7),
    ("market", "เชื่อมโยงแหล่งตลาด", "Market linkage", 30, 7),
    ("capacity", "พัฒนาศักยภาพอาชีพ", "Occupational capacity development", 45, 14),
    ("information", "ข้อมูลเศรษฐกิจฐานราก", "Grassroots economic information", 7, 2),
    ("exchange", "แลกเปลี่ยนเรียนรู้", "Learning exchange", 30, 14),
]


def seed(apps, schema_editor):
    ServiceType = apps.get_model("services", "ServiceType")
    for order, (code, name_th, name_en, normal, urgent) in enumerate(SERVICE_TYPES, start=1):
        ServiceType.objects.get_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "target_days_normal": normal,
                "target_days_urgent": urgent,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
