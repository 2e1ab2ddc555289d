from django import forms

from .models import Observation, Target


class ObservationForm(forms.Form):
    period_end = forms.DateField(
        label="截至日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_kind = forms.ChoiceField(label="周期", choices=Observation.PERIOD_CHOICES, initial="month")
    value = forms.DecimalField(label="实际值", max_digits=24, decimal_places=6)
    unit = forms.CharField(label="单位", max_length=20)
    base_value = forms.DecimalField(
        label="上年同期值（增速目标填写）", max_digits=24, decimal_places=6, required=False
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(forms.Form):
    status = forms.ChoiceField(
        label="人工状态", choices=[("", "（取消人工状态）"), *Target.STATUS_CHOICES], required=False
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
