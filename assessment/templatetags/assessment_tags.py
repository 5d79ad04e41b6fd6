from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for columns named at run time (area codes)."""
    return mapping.get(key)
