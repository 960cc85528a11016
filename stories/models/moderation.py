"""The moderators' step of the contributions workflow, with the three outcomes a moderator
needs: approve (publish), ask the contributor for changes, refuse for good.

It is Wagtail's group approval task with its labels and dialogs written for contributions,
and one more action, "refuse", which ends the workflow instead of waiting for a revision.
"""

from django import forms
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask, TaskState

# Sent once a moderator refused a page for good: (sender=task class, page, reason, user).
contribution_refused = Signal()


class ChangesRequestForm(forms.Form):
    comment = forms.CharField(
        label=_("Message au contributeur"),
        help_text=_(
            "Il le reçoit par e-mail et le lit sur sa page de suivi ; il pourra modifier son "
            "titre, son texte et ses photos, puis vous renvoyer son histoire."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )


class RefusalForm(forms.Form):
    comment = forms.CharField(
        label=_("Motif du refus"),
        help_text=_(
            "Il est envoyé au contributeur par e-mail. Le refus est définitif : pour lui "
            "demander des modifications, choisissez plutôt « Demander des précisions »."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )


class ApprovalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire (pour l’équipe)"),
        help_text=_("Gardé dans l’historique de la page ; le contributeur ne le voit pas."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


ACTION_FORMS = {"reject": ChangesRequestForm, "refuse": RefusalForm, "approve": ApprovalCommentForm}


class ContributionReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve, ask for changes or refuse a contribution."""

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("approve", _("Approuver"), False),
            ("reject", _("Demander des précisions au contributeur"), True),
            ("refuse", _("Refuser définitivement"), True),
        ]

    def get_form_for_action(self, action):
        return ACTION_FORMS.get(action, ApprovalCommentForm)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "refuse":
            return super().on_action(task_state, user, action_name, **kwargs)
        reason = kwargs.get("comment", "")
        workflow_state = task_state.workflow_state
        workflow_state.cancel(user=user)
        # Wagtail's cancel clears the comment: keep the reason in the page's history.
        TaskState.objects.filter(pk=task_state.pk).update(comment=reason)
        page = workflow_state.content_object
        contribution_refused.send(sender=type(self), page=page, reason=reason, user=user)
        return None

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis approuvent une contribution, demandent des "
            "précisions à son auteur ou la refusent."
        )

    class Meta:
        verbose_name = _("relecture d’une contribution")
        verbose_name_plural = _("relectures de contributions")
