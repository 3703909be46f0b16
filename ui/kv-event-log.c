/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-event-log.h"

#include <string.h>

#include "kv-kiosk-enums.h"
#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvEventLog:
 *
 * `--event-log FILE`: one JSON object per line for every phase change, cue,
 * sticker and end, so the demo and the end-to-end test can follow what the
 * screen showed without scraping pixels:
 *
 *     {"time":"2026-11-22T16:00:00.000Z","kiosk":"Visit room 2","event":"live","phase":"live"}
 *     {"time":"…","kiosk":"…","event":"cue","seconds_left":300,"half_way":false}
 *     {"time":"…","kiosk":"…","event":"sticker","sticker":"heart","from_peer":true}
 *     {"time":"…","kiosk":"…","event":"ended","outcome":"completed"}
 *
 * A phase change's event is the phase's name. Times are the kiosk's server
 * time. No person's label is written: only the kiosk's own label.
 */

struct _KvEventLog
{
  GObject            parent_instance;

  KvVisitController *controller;
  GOutputStream     *stream;
};

G_DEFINE_FINAL_TYPE (KvEventLog, kv_event_log, G_TYPE_OBJECT)

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : "unknown";
}

static void
log_or_warn (KvEventLog *self,
             const char *event,
             JsonObject *fields)
{
  g_autoptr (GError) error = NULL;

  if (!kv_event_log_append (self, event, fields, &error))
    g_warning ("Event log: %s", error->message);
}

static void
on_phase_changed (KvEventLog *self)
{
  const char *phase = enum_nick (KV_TYPE_VISIT_PHASE, kv_visit_controller_get_phase (self->controller));
  g_autoptr (JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "phase", phase);
  if (kv_visit_controller_get_phase (self->controller) == KV_VISIT_PHASE_UNAVAILABLE)
    json_object_set_string_member (fields, "reason",
                                   enum_nick (KV_TYPE_UNAVAILABLE_REASON,
                                              kv_visit_controller_get_unavailable_reason (self->controller)));
  log_or_warn (self, phase, fields);
}

static void
on_cue_reached (KvEventLog *self,
                guint       seconds_left,
                gboolean    half_way)
{
  g_autoptr (JsonObject) fields = json_object_new ();

  json_object_set_int_member (fields, "seconds_left", seconds_left);
  json_object_set_boolean_member (fields, "half_way", half_way);
  log_or_warn (self, "cue", fields);
}

static void
on_sticker_shown (KvEventLog *self,
                  const char *sticker_id,
                  gboolean    from_peer)
{
  g_autoptr (JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "sticker", sticker_id);
  json_object_set_boolean_member (fields, "from_peer", from_peer);
  log_or_warn (self, "sticker", fields);
}

static void
on_ended (KvEventLog *self,
          KvOutcome   outcome)
{
  g_autoptr (JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "outcome", kv_outcome_to_string (outcome));
  json_object_set_int_member (fields, "lost_seconds",
                              kv_visit_controller_get_lost_seconds (self->controller));
  log_or_warn (self, "ended", fields);
}

static void
kv_event_log_dispose (GObject *object)
{
  KvEventLog *self = KV_EVENT_LOG (object);

  if (self->stream != NULL)
    g_output_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (kv_event_log_parent_class)->dispose (object);
}

static void
kv_event_log_class_init (KvEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_event_log_dispose;
}

static void
kv_event_log_init (KvEventLog *self)
{
}

/**
 * kv_event_log_new:
 * @controller: the visit to follow
 * @path: the file to append to (created if missing)
 *
 * Returns: (transfer full): the log, or %NULL with @error set
 */
KvEventLog *
kv_event_log_new (KvVisitController  *controller,
                  const char         *path,
                  GError            **error)
{
  g_autoptr (KvEventLog) self = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (controller), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (KV_TYPE_EVENT_LOG, NULL);
  self->controller = g_object_ref (controller);
  file = g_file_new_for_commandline_arg (path);
  self->stream = G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &local_error));
  if (self->stream == NULL)
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_EVENT_LOG,
                   "Cannot open the event log %s: %s", path, local_error->message);
      return NULL;
    }

  g_signal_connect_object (controller, "notify::phase",
                           G_CALLBACK (on_phase_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "cue-reached",
                           G_CALLBACK (on_cue_reached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "sticker-shown",
                           G_CALLBACK (on_sticker_shown), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "ended",
                           G_CALLBACK (on_ended), self, G_CONNECT_SWAPPED);
  return g_steal_pointer (&self);
}

/**
 * kv_event_log_append:
 * @event: the event's name
 * @fields: (nullable): more members for the line
 *
 * Appends one line and flushes it, so a reader sees it at once.
 */
gboolean
kv_event_log_append (KvEventLog  *self,
                     const char  *event,
                     JsonObject  *fields,
                     GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GString) text = NULL;
  const char *kiosk;

  g_return_val_if_fail (KV_IS_EVENT_LOG (self), FALSE);

  now = kv_clock_get_now_utc (kv_visit_controller_get_clock (self->controller));
  time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  /* Milliseconds are enough: cut the microseconds "%f" gave. */
  if (strlen (time) == 27)
    {
      time[23] = 'Z';
      time[24] = '\0';
    }
  kiosk = kv_visit_controller_get_kiosk_label (self->controller);
  if (kiosk == NULL || *kiosk == '\0')
    kiosk = kv_role_to_string (kv_visit_controller_get_role (self->controller));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "kiosk");
  json_builder_add_string_value (builder, kiosk);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  if (fields != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (object, name, json_node_copy (value));
    }
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  text = g_string_new (line);
  g_string_append_c (text, '\n');

  if (!g_output_stream_write_all (self->stream, text->str, text->len, NULL, NULL, error) ||
      !g_output_stream_flush (self->stream, NULL, error))
    return FALSE;
  return TRUE;
}
