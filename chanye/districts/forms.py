from django import forms

from .models import District


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = list(District.EDITABLE_FIELDS)
        widgets = {"work_note_zh": forms.Textarea(attrs={"rows": 3})}
