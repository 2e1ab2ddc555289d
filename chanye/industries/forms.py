from django import forms

from .models import Industry, SupportItem


class IndustryForm(forms.ModelForm):
    class Meta:
        model = Industry
        fields = list(Industry.EDITABLE_FIELDS)
        widgets = {"work_note_zh": forms.Textarea(attrs={"rows": 3})}


class SupportItemForm(forms.ModelForm):
    class Meta:
        model = SupportItem
        fields = ["status", "owner_zh", "evidence", "due_date", "note"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
