/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-interventions.h"

#include "kv-core-enums.h"
#include "kv-kiosk-error.h"
#include "kv-session.h"

#include <glib/gi18n-lib.h>

/**
 * KvVisitInterventions:
 *
 * What staff and the child do to the visit that is on, besides confirming
 * it: staff pause and resume it, mute its sound, end it with a goodbye now
 * or stop it at once for safeguarding; the child says "I'm not OK"
 * (community kiosk only). Each request is checked against the visit's
 * state and this kiosk's role first, so staff get a clear
 * %KV_KIOSK_ERROR, and then goes to the server through the visit's
 * #KvVisitRequests. What the requests change comes back from the server
 * (`session`, `goodbye`, `end`) to both kiosks alike, and the visit
 * follows it; the properties here show it.
 *
 * It follows whichever visit the #KvVisitJoiner has; the values stay as
 * they were when that visit is over (the end category says how the last
 * visit ended), until the next one.
 *
 * Properties (read-only, notified only on change): "paused-here",
 * "pause-category", "muted", "muted-here", "peer-supervised" and
 * "end-category", mirrored from the visit's session; "child-alert": the
 * child pressed "I'm not OK" and staff have not marked it seen. The visit
 * controller shows them under the same names.
 */

enum {
  PROP_0,
  PROP_JOINER,
  PROP_CLOCK,
  PROP_ROLE,
  PROP_PAUSED_HERE,
  PROP_PAUSE_CATEGORY,
  PROP_MUTED,
  PROP_MUTED_HERE,
  PROP_PEER_SUPERVISED,
  PROP_END_CATEGORY,
  PROP_CHILD_ALERT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The session's properties of the same names. */
static const guint mirrored[] = {
  PROP_PAUSED_HERE, PROP_PAUSE_CATEGORY, PROP_MUTED, PROP_MUTED_HERE, PROP_PEER_SUPERVISED,
  PROP_END_CATEGORY,
};

struct _KvVisitInterventions
{
  GObject parent_instance;

  KvVisitJoiner *joiner;
  KvClock *clock;
  KvRole role;

  KvVisit *visit;               /* the joiner's, as watched */
  gboolean child_alert;
  gint64 child_alert_sent_us;   /* when the last one went to the server; 0 = never */

  GValue values[N_PROPS];       /* the mirrored properties' values */
};

G_DEFINE_FINAL_TYPE (KvVisitInterventions, kv_visit_interventions, G_TYPE_OBJECT)

static void
mirror_session (KvVisitInterventions *self)
{
  KvVisitSession *session = kv_visit_get_session (self->visit);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (mirrored); i++)
    {
      GParamSpec *pspec = properties[mirrored[i]];
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (session), pspec->name, &value);
      if (g_param_values_cmp (pspec, &value, &self->values[mirrored[i]]) == 0)
        continue;
      g_value_copy (&value, &self->values[mirrored[i]]);
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_joiner_visit_changed (KvVisitInterventions *self)
{
  KvVisit *visit = kv_visit_joiner_get_visit (self->joiner);

  /* A join that failed leaves the last visit's values as they were. */
  if (visit == self->visit || visit == NULL)
    return;
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (kv_visit_get_session (self->visit), self);
  g_set_object (&self->visit, visit);
  g_signal_connect_object (kv_visit_get_session (visit), "notify", G_CALLBACK (mirror_session),
                           self, G_CONNECT_SWAPPED);
  mirror_session (self);
}

static KvVisitSession *
get_session (KvVisitInterventions *self)
{
  return kv_visit_get_session (self->visit);
}

static KvVisitRequests *
get_requests (KvVisitInterventions *self)
{
  return kv_visit_get_requests (self->visit);
}

/* The visit that is on, in one of @allowed's states, or a clear error. */
static gboolean
check_visit (KvVisitInterventions  *self,
             const KvVisitState    *allowed,
             guint                  n_allowed,
             const char            *not_now,
             GError               **error)
{
  KvVisitState state;

  if (self->visit == NULL || !kv_visit_state_is_on (kv_visit_get_state (self->visit)))
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT,
                           /* Translators: shown to staff */
                           _("There is no visit on right now."));
      return FALSE;
    }
  state = kv_visit_get_state (self->visit);
  for (guint i = 0; i < n_allowed; i++)
    if (allowed[i] == state)
      return TRUE;
  g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW, not_now);
  return FALSE;
}

/* GObject ---------------------------------------------------------------- */

static void
kv_visit_interventions_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvVisitInterventions *self = KV_VISIT_INTERVENTIONS (object);

  switch (prop_id)
    {
    case PROP_JOINER: g_value_set_object (value, self->joiner); break;
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_CHILD_ALERT: g_value_set_boolean (value, self->child_alert); break;
    case PROP_PAUSED_HERE:
    case PROP_PAUSE_CATEGORY:
    case PROP_MUTED:
    case PROP_MUTED_HERE:
    case PROP_PEER_SUPERVISED:
    case PROP_END_CATEGORY:
      g_value_copy (&self->values[prop_id], value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_interventions_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvVisitInterventions *self = KV_VISIT_INTERVENTIONS (object);

  switch (prop_id)
    {
    case PROP_JOINER: self->joiner = g_value_dup_object (value); break;
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_ROLE: self->role = g_value_get_enum (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_interventions_constructed (GObject *object)
{
  KvVisitInterventions *self = KV_VISIT_INTERVENTIONS (object);

  G_OBJECT_CLASS (kv_visit_interventions_parent_class)->constructed (object);

  g_assert (KV_IS_VISIT_JOINER (self->joiner));
  g_assert (KV_IS_CLOCK (self->clock));

  g_signal_connect_object (self->joiner, "notify::visit", G_CALLBACK (on_joiner_visit_changed),
                           self, G_CONNECT_SWAPPED);
  on_joiner_visit_changed (self);
}

static void
kv_visit_interventions_dispose (GObject *object)
{
  KvVisitInterventions *self = KV_VISIT_INTERVENTIONS (object);

  if (self->joiner != NULL)
    kv_visit_interventions_stop (self);
  g_clear_object (&self->joiner);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_visit_interventions_parent_class)->dispose (object);
}

static void
kv_visit_interventions_finalize (GObject *object)
{
  KvVisitInterventions *self = KV_VISIT_INTERVENTIONS (object);

  for (guint i = 0; i < G_N_ELEMENTS (mirrored); i++)
    g_value_unset (&self->values[mirrored[i]]);

  G_OBJECT_CLASS (kv_visit_interventions_parent_class)->finalize (object);
}

static void
kv_visit_interventions_class_init (KvVisitInterventionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_interventions_get_property;
  object_class->set_property = kv_visit_interventions_set_property;
  object_class->constructed = kv_visit_interventions_constructed;
  object_class->dispose = kv_visit_interventions_dispose;
  object_class->finalize = kv_visit_interventions_finalize;

  properties[PROP_JOINER] =
    g_param_spec_object ("joiner", NULL, NULL, KV_TYPE_VISIT_JOINER, construct);
  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, construct);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, construct);
  properties[PROP_PAUSED_HERE] = g_param_spec_boolean ("paused-here", NULL, NULL, FALSE, ro);
  properties[PROP_PAUSE_CATEGORY] =
    g_param_spec_enum ("pause-category", NULL, NULL, KV_TYPE_PAUSE_CATEGORY,
                       KV_PAUSE_CATEGORY_NONE, ro);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  properties[PROP_MUTED_HERE] = g_param_spec_boolean ("muted-here", NULL, NULL, FALSE, ro);
  properties[PROP_PEER_SUPERVISED] =
    g_param_spec_boolean ("peer-supervised", NULL, NULL, FALSE, ro);
  properties[PROP_END_CATEGORY] =
    g_param_spec_enum ("end-category", NULL, NULL, KV_TYPE_END_CATEGORY,
                       KV_END_CATEGORY_NONE, ro);
  properties[PROP_CHILD_ALERT] = g_param_spec_boolean ("child-alert", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_interventions_init (KvVisitInterventions *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (mirrored); i++)
    {
      GParamSpec *pspec = properties[mirrored[i]];

      g_value_init (&self->values[mirrored[i]], pspec->value_type);
      g_param_value_set_default (pspec, &self->values[mirrored[i]]);
    }
}

KvVisitInterventions *
kv_visit_interventions_new (KvVisitJoiner *joiner,
                            KvClock       *clock,
                            KvRole         role)
{
  g_return_val_if_fail (KV_IS_VISIT_JOINER (joiner), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  return g_object_new (KV_TYPE_VISIT_INTERVENTIONS,
                       "joiner", joiner,
                       "clock", clock,
                       "role", role,
                       NULL);
}

/* Shutting down: nothing is watched any more. */
void
kv_visit_interventions_stop (KvVisitInterventions *self)
{
  g_return_if_fail (KV_IS_VISIT_INTERVENTIONS (self));

  g_signal_handlers_disconnect_by_data (self->joiner, self);
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (kv_visit_get_session (self->visit), self);
  g_clear_object (&self->visit);
}

/**
 * kv_visit_interventions_pause:
 * @self: a #KvVisitInterventions
 * @category: why staff pause (not %KV_PAUSE_CATEGORY_NONE)
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff pause the visit (`pause`), live or reconnecting; pausing again
 * only changes the reason. Both kiosks hold their media once the server's
 * `session` says it is paused. The goodbye is never paused.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_interventions_pause (KvVisitInterventions  *self,
                              KvPauseCategory        category,
                              GError               **error)
{
  static const KvVisitState allowed[] = {
    KV_VISIT_STATE_LIVE, KV_VISIT_STATE_RECONNECTING, KV_VISIT_STATE_PAUSED,
  };

  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (category <= KV_PAUSE_CATEGORY_NONE || category > KV_PAUSE_CATEGORY_OTHER)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY,
                           /* Translators: shown to staff */
                           _("Say why the visit pauses: choose one of the reasons."));
      return FALSE;
    }
  if (!check_visit (self, allowed, G_N_ELEMENTS (allowed),
                    /* Translators: shown to staff */
                    _("A visit can be paused only while it is on, and never in its goodbye."),
                    error))
    return FALSE;
  return kv_visit_requests_send_pause (get_requests (self), category, error);
}

/**
 * kv_visit_interventions_resume:
 * @self: a #KvVisitInterventions
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff lift their own side's pause (`pause` with paused false); the
 * other side's pause, if any, holds.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_interventions_resume (KvVisitInterventions  *self,
                               GError               **error)
{
  static const KvVisitState allowed[] = { KV_VISIT_STATE_PAUSED };

  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_visit (self, allowed, G_N_ELEMENTS (allowed),
                    /* Translators: shown to staff */
                    _("The visit is not paused."), error))
    return FALSE;
  if (!kv_visit_session_get_paused_here (get_session (self)))
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           /* Translators: shown to staff */
                           _("Staff on the other side paused the visit; only they can resume "
                             "it."));
      return FALSE;
    }
  return kv_visit_requests_send_pause (get_requests (self), KV_PAUSE_CATEGORY_NONE, error);
}

/**
 * kv_visit_interventions_set_muted:
 * @self: a #KvVisitInterventions
 * @muted: sound off (%TRUE) or back on
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff mute or unmute the sound (`mute`) while the visit is on, its
 * goodbye included; the picture goes on. A side unmutes its own mute only.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_interventions_set_muted (KvVisitInterventions  *self,
                                  gboolean               muted,
                                  GError               **error)
{
  static const KvVisitState allowed[] = {
    KV_VISIT_STATE_LIVE, KV_VISIT_STATE_RECONNECTING, KV_VISIT_STATE_PAUSED,
    KV_VISIT_STATE_GOODBYE,
  };

  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_visit (self, allowed, G_N_ELEMENTS (allowed),
                    /* Translators: shown to staff */
                    _("The sound can be muted only once the visit has started."), error))
    return FALSE;
  if (!muted && !kv_visit_session_get_muted_here (get_session (self)))
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           kv_visit_session_get_muted (get_session (self))
                             /* Translators: shown to staff */
                             ? _("Staff on the other side muted the sound; only they can turn "
                                 "it back on.")
                             /* Translators: shown to staff */
                             : _("The sound is not muted."));
      return FALSE;
    }
  return kv_visit_requests_send_mute (get_requests (self), muted, error);
}

/**
 * kv_visit_interventions_end:
 * @self: a #KvVisitInterventions
 * @category: why; %KV_END_CATEGORY_SAFEGUARDING stops the visit at once,
 *   any other starts the protected goodbye now
 * @details: (nullable): staff's words, recorded with the category
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff end the visit (`staff_end` with its category). The visit follows
 * the server's `goodbye` and `end`, as the other kiosk does. A goodbye
 * staff already started is changed only by a safeguarding stop. Without
 * the server a safeguarding stop still stops the visit here, at once, and
 * %KV_KIOSK_ERROR_NOT_CONNECTED says the server was not told.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_interventions_end (KvVisitInterventions  *self,
                            KvEndCategory          category,
                            const char            *details,
                            GError               **error)
{
  static const KvVisitState allowed[] = {
    KV_VISIT_STATE_WAITING, KV_VISIT_STATE_LIVE, KV_VISIT_STATE_RECONNECTING,
    KV_VISIT_STATE_PAUSED, KV_VISIT_STATE_GOODBYE,
  };
  gboolean stop = category == KV_END_CATEGORY_SAFEGUARDING;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (category <= KV_END_CATEGORY_NONE || category > KV_END_CATEGORY_SAFEGUARDING)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY,
                           /* Translators: shown to staff */
                           _("Say why the visit ends: choose one of the reasons."));
      return FALSE;
    }
  if (!check_visit (self, allowed, G_N_ELEMENTS (allowed), "", error))
    return FALSE;
  if (!stop && kv_visit_session_get_end_category (get_session (self)) != KV_END_CATEGORY_NONE)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           /* Translators: shown to staff */
                           _("The goodbye has already started; only a safeguarding stop ends "
                             "the visit sooner."));
      return FALSE;
    }

  if (kv_visit_requests_send_staff_end (get_requests (self), category, details, &local_error))
    return TRUE;
  if (stop)
    {
      /* A safeguarding stop cannot wait for the server. */
      kv_visit_end_by_staff (self->visit, KV_END_CATEGORY_SAFEGUARDING);
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED,
                           /* Translators: shown to staff */
                           _("The visit was stopped on this kiosk, but the server cannot be "
                             "reached to record it or to stop the other side."));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * kv_visit_interventions_child_alert:
 * @self: a #KvVisitInterventions
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * The child pressed "I'm not OK" (community kiosk only): the alert for
 * staff is raised and stays until they mark it seen, and the server hears
 * of it (`child_alert`) at most once per
 * %KV_SESSION_CHILD_ALERT_INTERVAL_US, the interval it counts in, so a
 * child pressing again and again sends nothing more.
 *
 * Returns: whether the alert was raised
 */
gboolean
kv_visit_interventions_child_alert (KvVisitInterventions  *self,
                                    GError               **error)
{
  static const KvVisitState allowed[] = {
    KV_VISIT_STATE_WAITING, KV_VISIT_STATE_LIVE, KV_VISIT_STATE_RECONNECTING,
    KV_VISIT_STATE_PAUSED, KV_VISIT_STATE_GOODBYE,
  };
  gint64 now;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->role != KV_ROLE_COMMUNITY)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_ROLE,
                           /* Translators: shown to staff */
                           _("\"I'm not OK\" is only for the child, on the community kiosk."));
      return FALSE;
    }
  if (!check_visit (self, allowed, G_N_ELEMENTS (allowed), "", error))
    return FALSE;

  if (!self->child_alert)
    {
      self->child_alert = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD_ALERT]);
    }

  now = kv_clock_get_now (self->clock);
  if (self->child_alert_sent_us != 0 && now >= self->child_alert_sent_us &&
      now - self->child_alert_sent_us < KV_SESSION_CHILD_ALERT_INTERVAL_US)
    return TRUE;
  /* Staff here see it whatever the link does; the record can wait. */
  if (kv_visit_requests_send_child_alert (get_requests (self), &local_error))
    self->child_alert_sent_us = now;
  else
    g_debug ("Child alert not recorded: %s", local_error->message);
  return TRUE;
}

/**
 * kv_visit_interventions_child_alert_seen:
 * @self: a #KvVisitInterventions
 *
 * Staff saw the child's alert: it is lowered.
 */
void
kv_visit_interventions_child_alert_seen (KvVisitInterventions *self)
{
  g_return_if_fail (KV_IS_VISIT_INTERVENTIONS (self));

  if (!self->child_alert)
    return;
  self->child_alert = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD_ALERT]);
}

KvEndCategory
kv_visit_interventions_get_end_category (KvVisitInterventions *self)
{
  g_return_val_if_fail (KV_IS_VISIT_INTERVENTIONS (self), KV_END_CATEGORY_NONE);

  return g_value_get_enum (&self->values[PROP_END_CATEGORY]);
}
