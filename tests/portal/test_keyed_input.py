"""portal.forms.KeyedTextInput: the box sends its text and the chosen suggestion's key apart,
and shows the choices a field offers as radio buttons under the key's name."""

from django.http import QueryDict

from portal.forms import KeyedTextInput, Typed


def test_it_reads_the_text_and_the_key_apart():
    data = QueryDict("client=กลุ่มทอผ้า&client_key=g12")
    assert KeyedTextInput().value_from_datadict(data, {}, "client") == Typed("กลุ่มทอผ้า", "g12")
    assert KeyedTextInput().value_from_datadict(QueryDict(""), {}, "client") == Typed()


def test_it_renders_the_key_in_a_hidden_input_next_to_the_box():
    html = KeyedTextInput().render("client", Typed("กลุ่มทอผ้า", "g12"), {"id": "id_client"})
    assert 'name="client" value="กลุ่มทอผ้า"' in html and "data-keyed" in html
    assert '<input type="hidden" name="client_key" value="g12">' in html


def test_it_offers_the_choices_as_radio_buttons_with_the_chosen_one_checked():
    widget = KeyedTextInput()
    widget.choices = [("g1", "กลุ่ม · หมู่ที่ 1"), ("g2", "กลุ่ม · หมู่ที่ <2>")]
    html = widget.render("client", Typed("กลุ่ม", "g2"), {"id": "id_client"})
    assert 'type="hidden"' not in html
    assert html.count('type="radio" name="client_key"') == 2
    assert 'id="id_client_1" value="g2" checked' in html
    assert "หมู่ที่ &lt;2&gt;" in html  # labels are escaped
