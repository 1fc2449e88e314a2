from django.db import migrations

# National resources of real programmes, as a centre's staff know them; the terms of each
# product change with each announcement, so the offers say where to read them rather than
# fixing a rate here. Administrators keep them current in the admin.
# (kind, name, organisation type, service type codes, what it offers, website, phone)
NATIONAL = [
    (
        "funding",
        "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.)",
        "state_bank",
        ("funding",),
        "สินเชื่อเพื่อการผลิตและการลงทุนของเกษตรกร กลุ่มเกษตรกร สหกรณ์ และวิสาหกิจชุมชน "
        "ติดต่อผ่านสาขาในอำเภอ",
        "https://www.baac.or.th",
        "02 555 0555",
        [
            ("สินเชื่อเพื่อการผลิตทางการเกษตร", "ผู้กู้เป็นลูกค้าเกษตรกรของธนาคาร "
             "อัตราดอกเบี้ยและวงเงินตามประกาศของธนาคาร"),
            ("สินเชื่อวิสาหกิจชุมชนและกลุ่มเกษตรกร", "กลุ่มที่จดทะเบียนแล้ว มีแผนธุรกิจ "
             "อัตราดอกเบี้ยและวงเงินตามประกาศของธนาคาร"),
        ],
    ),
    (
        "funding",
        "ธนาคารออมสิน",
        "state_bank",
        ("funding",),
        "สินเชื่อธนาคารประชาชนสำหรับผู้ประกอบอาชีพอิสระและผู้มีรายได้น้อย "
        "สินเชื่อสำหรับกลุ่มองค์กรชุมชน",
        "https://www.gsb.or.th",
        "1115",
        [
            ("สินเชื่อธนาคารประชาชน", "สำหรับผู้ประกอบอาชีพอิสระ ค้าขายรายย่อย "
             "อัตราดอกเบี้ย วงเงิน และระยะเวลาตามประกาศของธนาคาร"),
        ],
    ),
    (
        "funding",
        "ธนาคารพัฒนาวิสาหกิจขนาดกลางและขนาดย่อมแห่งประเทศไทย (SME D Bank)",
        "state_bank",
        ("funding",),
        "สินเชื่อและการพัฒนาผู้ประกอบการวิสาหกิจขนาดกลางและขนาดย่อม รวมถึงวิสาหกิจชุมชน",
        "https://www.smebank.co.th",
        "1357",
        [("สินเชื่อเพื่อผู้ประกอบการ SMEs และวิสาหกิจชุมชน", "ตามประกาศของธนาคาร")],
    ),
    (
        "funding",
        "กองทุนหมู่บ้านและชุมชนเมือง",
        "government",
        ("funding",),
        "เงินกู้ยืมจากกองทุนหมู่บ้านของหมู่บ้านผู้ขอ เพื่อสร้างอาชีพ เพิ่มรายได้ ลดรายจ่าย "
        "(สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ)",
        "https://www.villagefund.or.th",
        "",
        [("เงินกู้กองทุนหมู่บ้าน", "เป็นสมาชิกกองทุนหมู่บ้าน ตามระเบียบของกองทุนแต่ละแห่ง")],
    ),
    (
        "funding",
        "โครงการแก้ไขปัญหาความยากจน (กข.คจ.)",
        "government",
        ("funding", "capacity"),
        "เงินยืมปลอดดอกเบี้ยจากเงินทุนโครงการ กข.คจ. ของหมู่บ้าน สำหรับครัวเรือนยากจน "
        "เพื่อประกอบอาชีพ (กรมการพัฒนาชุมชน)",
        "https://www.cdd.go.th",
        "",
        [("เงินยืมเพื่อการประกอบอาชีพ กข.คจ.", "ครัวเรือนเป้าหมายตามมติเวทีประชาคมหมู่บ้าน "
          "ไม่มีดอกเบี้ย คืนตามสัญญา")],
    ),
    (
        "market",
        "งาน OTOP City (กรมการพัฒนาชุมชน)",
        "government",
        ("market",),
        "งานแสดงและจำหน่ายสินค้า OTOP ระดับประเทศ ประจำปี ที่กรุงเทพมหานคร",
        "https://www.cdd.go.th",
        "",
        [("บูธจำหน่ายในงาน OTOP City", "ผู้ผลิต ผู้ประกอบการ OTOP ที่ลงทะเบียนแล้ว "
          "คัดเลือกผ่านสำนักงานพัฒนาชุมชนจังหวัด")],
    ),
    (
        "market",
        "งาน OTOP Midyear (กรมการพัฒนาชุมชน)",
        "government",
        ("market",),
        "งานแสดงและจำหน่ายสินค้า OTOP กลางปี",
        "https://www.cdd.go.th",
        "",
        [],
    ),
    (
        "market",
        "ช่องทางจำหน่ายสินค้า OTOP ออนไลน์ของกรมการพัฒนาชุมชน",
        "government",
        ("market",),
        "ช่องทางขายออนไลน์และการจับคู่ธุรกิจสำหรับผู้ประกอบการ OTOP",
        "https://www.cdd.go.th",
        "",
        [],
    ),
    (
        "knowledge",
        "กรมพัฒนาฝีมือแรงงาน",
        "government",
        ("knowledge", "capacity"),
        "ฝึกอบรมฝีมือแรงงานและอาชีพเสริมโดยไม่เสียค่าใช้จ่าย ผ่านสถาบันและสำนักงานพัฒนาฝีมือแรงงานจังหวัด",
        "https://www.dsd.go.th",
        "1506",
        [],
    ),
    (
        "production",
        "กรมส่งเสริมอุตสาหกรรม",
        "government",
        ("production", "capacity"),
        "ที่ปรึกษาการผลิต การพัฒนาผลิตภัณฑ์และบรรจุภัณฑ์ และเครื่องจักรสำหรับวิสาหกิจชุมชน",
        "https://www.dip.go.th",
        "",
        [],
    ),
]


def seed(apps, schema_editor):
    Resource = apps.get_model("resources", "Resource")
    Offer = apps.get_model("resources", "Offer")
    ServiceType = apps.get_model("services", "ServiceType")
    for kind, name, org, types, offers_text, website, phone, offers in NATIONAL:
        resource, created = Resource.objects.get_or_create(
            name=name,
            coverage="national",
            defaults={
                "kind": kind,
                "organisation_type": org,
                "offers_text": offers_text,
                "website": website,
                "phone": phone,
            },
        )
        if not created:
            continue
        resource.service_types.set(ServiceType.objects.filter(code__in=types))
        for offer_name, conditions in offers:
            Offer.objects.create(resource=resource, name=offer_name, conditions=conditions)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial"), ("services", "0002_seed_service_types")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
