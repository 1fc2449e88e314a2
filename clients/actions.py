"""Registry writes that touch several models, in one transaction each."""

from django.db import transaction
from django.forms import BaseInlineFormSet

from clients.forms import ProductForm
from clients.models import Product


def save_product(*, form: ProductForm, ratings: BaseInlineFormSet) -> Product:
    """Save a product, its standards and its star ratings together (both forms are valid)."""
    with transaction.atomic():
        product = form.save()
        ratings.instance = product
        ratings.save()
    return product
