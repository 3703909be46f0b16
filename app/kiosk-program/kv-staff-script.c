/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-kiosk"

#include "config.h"

#include "kv-staff-script.h"

#include <string.h>

#include "kv-types.h"

/**
 * KvStaffScript:
 *
 * `--staff-script SCRIPT` (a test switch, see #KvTestHooks): what staff
 * at this kiosk do during its first visit, at set seconds after the visit
 * went live, so the demo and the end-to-end test can pause, resume and end
 * a visit early without anybody at the staff panel. Each action goes
 * through the controller's public methods, exactly as the staff panel's,
 * and is logged to the event log with its outcome:
 *
 *     {"time":"…","kiosk":"prison","event":"staff-action","action":"pause",
 *      "category":"child-needs-a-moment","at_s":15,"ok":true}
 *
 * (`"ok":false,"error":"…"` when the controller refused it). A visit that
 * ends before a step is due drops the steps left, each logged as
 * `staff-action-skipped`.
 *
 * The script is steps separated by `;`, each `ACTION[:CATEGORY]@SECONDS`,
 * in time order, with no spaces:
 *
 * - `pause:CATEGORY` (`child-needs-a-moment`, `adult-needs-a-moment`,
 *   `technical-problem`, `other`), `resume`;
 * - `mute`, `unmute`;
 * - `goodbye-now:CATEGORY` (`finished-early`, `child-upset`,
 *   `adult-unwell`, `technical-problem`, `other`), `safeguarding-stop`;
 * - `child-alert` (the child's "I'm not OK", community kiosks only).
 *
 * SECONDS is a whole number from 0 to 86400. For example:
 * `pause:child-needs-a-moment@15;resume@27;goodbye-now:finished-early@40`.
 * Anything else is refused at start-up with a message that names the step.
 */

/* No visit is longer than a day. */
#define MAX_STEP_SECONDS 86400

typedef enum
{
  ACTION_PAUSE,
  ACTION_RESUME,
  ACTION_MUTE,
  ACTION_UNMUTE,
  ACTION_GOODBYE_NOW,
  ACTION_SAFEGUARDING_STOP,
  ACTION_CHILD_ALERT,
} Action;

typedef enum
{
  ARGUMENT_NONE,
  ARGUMENT_PAUSE_CATEGORY,
  ARGUMENT_END_CATEGORY,
} Argument;

static const struct
{
  const char *name;
  Argument    argument;
} actions[] = {
  [ACTION_PAUSE] = { "pause", ARGUMENT_PAUSE_CATEGORY },
  [ACTION_RESUME] = { "resume", ARGUMENT_NONE },
  [ACTION_MUTE] = { "mute", ARGUMENT_NONE },
  [ACTION_UNMUTE] = { "unmute", ARGUMENT_NONE },
  [ACTION_GOODBYE_NOW] = { "goodbye-now", ARGUMENT_END_CATEGORY },
  [ACTION_SAFEGUARDING_STOP] = { "safeguarding-stop", ARGUMENT_NONE },
  [ACTION_CHILD_ALERT] = { "child-alert", ARGUMENT_NONE },
};

typedef struct
{
  Action          action;
  guint           at_s;
  KvPauseCategory pause_category;
  KvEndCategory   end_category;
} Step;

struct _KvStaffScript
{
  GObject            parent_instance;

  KvVisitController *controller;
  KvEventLog        *event_log;           /* or NULL */
  GArray            *steps;               /* of Step, in time order */
  guint              next_step;
  gint64             live_since_us;       /* monotonic; 0 until the visit went live */
  guint              step_id;
};

G_DEFINE_FINAL_TYPE (KvStaffScript, kv_staff_script, G_TYPE_OBJECT)

static gboolean
step_error (GError    **error,
            guint       number,
            const char *text,
            const char *problem)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--staff-script: step %u (“%s”): %s", number, text, problem);
  return FALSE;
}

static gboolean
parse_seconds (const char *text,
               guint      *out_seconds)
{
  guint64 value;

  if (*text == '\0' || strspn (text, "0123456789") != strlen (text))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_STEP_SECONDS, &value, NULL))
    return FALSE;
  *out_seconds = (guint) value;
  return TRUE;
}

static gboolean
parse_step (const char  *text,
            guint        number,
            Step        *step,
            GError     **error)
{
  g_autofree char *action = NULL;
  const char *at = strrchr (text, '@');
  const char *colon;
  const char *argument = NULL;
  gsize i;

  if (*text == '\0')
    return step_error (error, number, text, "empty step (steps are separated by a single ';')");
  if (at == NULL)
    return step_error (error, number, text, "no @SECONDS after the action");
  if (!parse_seconds (at + 1, &step->at_s))
    return step_error (error, number, text,
                       "the time after '@' must be whole seconds from 0 to 86400");
  action = g_strndup (text, at - text);
  colon = strchr (action, ':');
  if (colon != NULL)
    {
      argument = colon + 1;
      action[colon - action] = '\0';
    }
  for (i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action, actions[i].name))
      break;
  if (i == G_N_ELEMENTS (actions))
    return step_error (error, number, text,
                       "unknown action (known: pause:CATEGORY, resume, mute, unmute, "
                       "goodbye-now:CATEGORY, safeguarding-stop, child-alert)");
  step->action = (Action) i;

  switch (actions[i].argument)
    {
    case ARGUMENT_NONE:
      if (argument != NULL)
        return step_error (error, number, text, "this action takes no category");
      break;
    case ARGUMENT_PAUSE_CATEGORY:
      if (argument == NULL || !kv_pause_category_from_string (argument, &step->pause_category) ||
          step->pause_category == KV_PAUSE_CATEGORY_NONE)
        return step_error (error, number, text,
                           "a pause needs a category: child-needs-a-moment, "
                           "adult-needs-a-moment, technical-problem or other");
      break;
    case ARGUMENT_END_CATEGORY:
      if (argument == NULL || !kv_end_category_from_string (argument, &step->end_category) ||
          step->end_category == KV_END_CATEGORY_NONE ||
          step->end_category == KV_END_CATEGORY_SAFEGUARDING)
        return step_error (error, number, text,
                           "goodbye-now needs a category: finished-early, child-upset, "
                           "adult-unwell, technical-problem or other (a safeguarding stop "
                           "is the action safeguarding-stop)");
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static GArray *
parse_script (const char  *script,
              GError     **error)
{
  g_autoptr (GArray) steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_auto (GStrv) texts = NULL;

  if (script == NULL || *script == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--staff-script: the script is empty");
      return NULL;
    }
  texts = g_strsplit (script, ";", -1);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      Step step = { 0 };

      if (!parse_step (texts[i], i + 1, &step, error))
        return NULL;
      if (steps->len > 0 && step.at_s < g_array_index (steps, Step, steps->len - 1).at_s)
        {
          step_error (error, i + 1, texts[i], "steps must be in time order");
          return NULL;
        }
      g_array_append_val (steps, step);
    }
  return g_steal_pointer (&steps);
}

static JsonObject *
describe_step (const Step *step)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "action", actions[step->action].name);
  if (actions[step->action].argument == ARGUMENT_PAUSE_CATEGORY)
    json_object_set_string_member (fields, "category",
                                   kv_pause_category_to_string (step->pause_category));
  else if (actions[step->action].argument == ARGUMENT_END_CATEGORY)
    json_object_set_string_member (fields, "category",
                                   kv_end_category_to_string (step->end_category));
  json_object_set_int_member (fields, "at_s", step->at_s);
  return fields;
}

static void
log_event (KvStaffScript *self,
           const char    *event,
           JsonObject    *fields)
{
  g_autoptr (GError) error = NULL;

  if (self->event_log != NULL && !kv_event_log_append (self->event_log, event, fields, &error))
    g_warning ("Event log: %s", error->message);
}

/* As the staff panel does it (ui/kv-window.c's staff actions). */
static gboolean
perform (KvStaffScript  *self,
         const Step     *step,
         GError        **error)
{
  switch (step->action)
    {
    case ACTION_PAUSE:
      return kv_visit_controller_pause (self->controller, step->pause_category, error);
    case ACTION_RESUME:
      return kv_visit_controller_resume (self->controller, error);
    case ACTION_MUTE:
      return kv_visit_controller_set_muted (self->controller, TRUE, error);
    case ACTION_UNMUTE:
      return kv_visit_controller_set_muted (self->controller, FALSE, error);
    case ACTION_GOODBYE_NOW:
      return kv_visit_controller_goodbye_now (self->controller, step->end_category,
                                              "staff script (test switch)", error);
    case ACTION_SAFEGUARDING_STOP:
      return kv_visit_controller_safeguarding_stop (self->controller, error);
    case ACTION_CHILD_ALERT:
      return kv_visit_controller_child_alert (self->controller, error);
    default:
      g_assert_not_reached ();
    }
}

static void schedule_next (KvStaffScript *self);

static gboolean
on_step_due (gpointer user_data)
{
  KvStaffScript *self = user_data;
  const Step *step = &g_array_index (self->steps, Step, self->next_step);
  g_autoptr (JsonObject) fields = describe_step (step);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  self->step_id = 0;
  self->next_step++;
  ok = perform (self, step, &error);
  json_object_set_boolean_member (fields, "ok", ok);
  if (!ok)
    {
      json_object_set_string_member (fields, "error", error->message);
      g_warning ("Staff script: %s@%u refused: %s", actions[step->action].name, step->at_s,
                 error->message);
    }
  else
    g_message ("Staff script: %s@%u done", actions[step->action].name, step->at_s);
  log_event (self, "staff-action", fields);
  schedule_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (KvStaffScript *self)
{
  const Step *step;
  gint64 due_us, delay_ms;

  if (self->next_step >= self->steps->len)
    return;
  step = &g_array_index (self->steps, Step, self->next_step);
  due_us = self->live_since_us + (gint64) step->at_s * G_USEC_PER_SEC;
  delay_ms = MAX (0, (due_us - g_get_monotonic_time () + 999) / 1000);
  self->step_id = g_timeout_add ((guint) delay_ms, on_step_due, self);
}

static void
skip_rest (KvStaffScript *self)
{
  g_clear_handle_id (&self->step_id, g_source_remove);
  for (; self->next_step < self->steps->len; self->next_step++)
    {
      g_autoptr (JsonObject) fields =
        describe_step (&g_array_index (self->steps, Step, self->next_step));

      log_event (self, "staff-action-skipped", fields);
    }
}

static void
on_phase_changed (KvStaffScript *self)
{
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);

  if (self->live_since_us == 0)
    {
      if (phase != KV_VISIT_PHASE_LIVE)
        return;
      /* The script's clock starts when this kiosk's visit went live. */
      self->live_since_us = g_get_monotonic_time ();
      schedule_next (self);
      return;
    }
  /* The visit is over: the steps left have nothing to act on. */
  if (phase != KV_VISIT_PHASE_LIVE && phase != KV_VISIT_PHASE_RECONNECTING &&
      phase != KV_VISIT_PHASE_PAUSED && phase != KV_VISIT_PHASE_GOODBYE)
    skip_rest (self);
}

static void
kv_staff_script_dispose (GObject *object)
{
  KvStaffScript *self = KV_STAFF_SCRIPT (object);

  g_clear_handle_id (&self->step_id, g_source_remove);
  g_clear_object (&self->event_log);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (kv_staff_script_parent_class)->dispose (object);
}

static void
kv_staff_script_finalize (GObject *object)
{
  KvStaffScript *self = KV_STAFF_SCRIPT (object);

  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (kv_staff_script_parent_class)->finalize (object);
}

static void
kv_staff_script_class_init (KvStaffScriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_staff_script_dispose;
  object_class->finalize = kv_staff_script_finalize;
}

static void
kv_staff_script_init (KvStaffScript *self)
{
}

/**
 * kv_staff_script_new:
 * @controller: the visit controller staff would act on
 * @event_log: (nullable): where each action and its outcome are logged
 * @script: the steps (see #KvStaffScript)
 * @error: return location for an error: @script is not a valid script
 *
 * Returns: (transfer full): the script, which runs from the first time the
 *   controller's phase is %KV_VISIT_PHASE_LIVE; or %NULL
 */
KvStaffScript *
kv_staff_script_new (KvVisitController  *controller,
                     KvEventLog         *event_log,
                     const char         *script,
                     GError            **error)
{
  g_autoptr (KvStaffScript) self = NULL;
  g_autoptr (GArray) steps = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (controller), NULL);
  g_return_val_if_fail (event_log == NULL || KV_IS_EVENT_LOG (event_log), NULL);

  steps = parse_script (script, error);
  if (steps == NULL)
    return NULL;
  self = g_object_new (KV_TYPE_STAFF_SCRIPT, NULL);
  self->controller = g_object_ref (controller);
  self->event_log = event_log != NULL ? g_object_ref (event_log) : NULL;
  self->steps = g_steal_pointer (&steps);
  g_signal_connect_object (controller, "notify::phase", G_CALLBACK (on_phase_changed), self,
                           G_CONNECT_SWAPPED);
  on_phase_changed (self);
  return g_steal_pointer (&self);
}
