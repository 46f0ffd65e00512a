from django import template

from orders.carriers import carrier_name

register = template.Library()
register.filter("carrier_name", carrier_name)
